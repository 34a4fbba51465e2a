"""Fellegi-Sunter parameters from grouped comparison patterns: u from random pairs, m and the prior by EM.

Conventions. A pair of records is compared field by field; each field's comparison gives a level
gamma: -1 when either record lacks the field (the field says nothing), 0 when the values disagree
(the "else" level), 1, 2, ... for the declared agreement levels, 1 the closest. A pattern is the
vector of gammas of one pair; a `PatternCounts` holds the distinct patterns and how many pairs had
each. For a field f and level l,

    m_f(l) = P(gamma_f = l | the two records are one person, field present on both)
    u_f(l) = P(gamma_f = l | two different persons, field present on both)

and fields are taken as independent given the match status. The match weight of a level is
log2(m / u); a pair's match weight is the prior's log2(lambda / (1 - lambda)) plus its fields'
weights, and its match probability is 2^w / (1 + 2^w).

u is estimated from a sample of random pairs (almost all of which are different persons), m by
expectation-maximisation over the candidate pairs' patterns with u held fixed: the E-step gives each
pattern its posterior match probability, the M-step sets m to the posterior-weighted level shares
and the session's lambda (the share of its pairs that match) to the mean posterior. A pseudo-count
per level keeps every probability off 0 and 1 on small data.

Candidate pairs come from blocking: pairs sharing a birth date, say, agree on it by construction,
so the birth-date comparison of a candidate pair is no evidence the EM may learn from (non-matches
in the block agree on it too, and would be taken for matches). As in Splink, the EM runs once per
blocking rule (a session: the pairs that rule paired) with the fields the rule blocks on masked
(gamma -1), and a field's m pools the posterior-weighted counts of the sessions where it is not
masked. Households are the trap: members share a family name and an address, which random pairs
rarely do, so an EM free on every field takes them for matches. m of the fields that tell household
members apart (given name, birth date) is therefore learned first on those fields alone, then held
fixed while the other fields' m are learned (`fit_by_blocking_rule`), from the sessions whose rule
leaves a person field: a rule that blocks on every person field (given name and birth year) leaves
only the household fields, and namesakes born the same year pass for matches there. The prior is on
the scale of the u sample, a random pair: the matching share of the candidate pairs (fitted with
every m fixed) times their number, over all pairs of records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

NULL_LEVEL = -1
ELSE_LEVEL = 0


@dataclass(frozen=True)
class PatternCounts:
    """Distinct comparison patterns (rows: patterns, columns: fields) and the pairs counted per pattern."""

    gammas: IntArray
    counts: FloatArray

    @classmethod
    def of(cls, gammas: ArrayLike, counts: ArrayLike) -> PatternCounts:
        gamma_array = np.asarray(gammas, dtype=np.int64)
        if gamma_array.ndim == 1:
            gamma_array = gamma_array.reshape(-1, 1)
        count_array = np.asarray(counts, dtype=np.float64).reshape(-1)
        if gamma_array.shape[0] != count_array.shape[0]:
            raise ValueError(f"{gamma_array.shape[0]} patterns but {count_array.shape[0]} counts")
        if np.any(count_array < 0):
            raise ValueError("pair counts must not be negative")
        return cls(gamma_array, count_array)

    @property
    def pair_count(self) -> float:
        return float(self.counts.sum())


@dataclass(frozen=True)
class FitResult:
    """m per field and level, the prior lambda, and how the EM went."""

    m: list[FloatArray]
    prior: float
    is_converged: bool
    iteration_count: int
    log_likelihood: float
    message: str


def _check_levels(patterns: PatternCounts, level_counts: Sequence[int]) -> None:
    if patterns.gammas.shape[1] != len(level_counts):
        raise ValueError(
            f"{patterns.gammas.shape[1]} fields in the patterns, {len(level_counts)} level counts"
        )
    for field, levels in enumerate(level_counts):
        column = patterns.gammas[:, field]
        if levels < 2:
            raise ValueError(f"field {field}: at least an agreement level and the else level are needed")
        if np.any((column < NULL_LEVEL) | (column >= levels)):
            raise ValueError(f"field {field}: a gamma outside -1..{levels - 1}")


def level_shares(
    patterns: PatternCounts,
    level_counts: Sequence[int],
    weights: FloatArray | None = None,
    pseudo_count: float = 0.5,
) -> list[FloatArray]:
    """Per field, the (weighted) share of pairs at each level among pairs where the field is present."""
    _check_levels(patterns, level_counts)
    pair_weights = patterns.counts if weights is None else patterns.counts * weights
    shares = []
    for field, levels in enumerate(level_counts):
        column = patterns.gammas[:, field]
        present = column >= 0
        totals = np.bincount(column[present], weights=pair_weights[present], minlength=levels)
        shares.append((totals + pseudo_count) / (totals.sum() + pseudo_count * levels))
    return shares


def estimate_u(
    random_pairs: PatternCounts,
    level_counts: Sequence[int],
    pseudo_count: float = 0.5,
    m: Sequence[FloatArray] | None = None,
    prior: float = 0.0,
) -> list[FloatArray]:
    """u per field and level: the level shares among random pairs (nearly all different persons).

    A random pair is one person with probability `prior`; on small data that is not negligible
    next to u of a close level (two random persons sharing a birth date), so given m and the prior
    the expected matching pairs, prior x m x pairs, are taken out of each level's count first.
    """
    _check_levels(random_pairs, level_counts)
    shares = []
    for field, levels in enumerate(level_counts):
        column = random_pairs.gammas[:, field]
        present = column >= 0
        totals = np.bincount(column[present], weights=random_pairs.counts[present], minlength=levels)
        if m is not None and prior > 0:
            totals = np.maximum(totals - prior * np.asarray(m[field]) * totals.sum(), 0.0)
        shares.append((totals + pseudo_count) / (totals.sum() + pseudo_count * levels))
    return shares


def fit_with_u_correction(
    random_pairs: PatternCounts,
    sessions: dict[str, PatternCounts],
    candidates: PatternCounts,
    level_counts: Sequence[int],
    record_count: int,
    person_fields: Sequence[int] = (),
    rounds: int = 2,
) -> tuple[list[FloatArray], FitResult]:
    """u from the random pairs, the fit, then u again without the random pairs' expected matches and
    the fit again (`rounds` fits in all): returns the last u and fit."""
    u = estimate_u(random_pairs, level_counts)
    fit = fit_by_blocking_rule(sessions, candidates, u, record_count, person_fields)
    for _ in range(rounds - 1):
        if not np.isfinite(fit.prior):
            break
        u = estimate_u(random_pairs, level_counts, m=fit.m, prior=fit.prior)
        fit = fit_by_blocking_rule(sessions, candidates, u, record_count, person_fields)
    return u, fit


def _initial_m(level_counts: Sequence[int]) -> list[FloatArray]:
    """A neutral start: most mass on the closest level, a little on the else level."""
    start = []
    for levels in level_counts:
        m = np.full(levels, 0.25 / max(levels - 2, 1))
        m[ELSE_LEVEL] = 0.05
        m[1] = 0.7 if levels > 2 else 0.95
        start.append(m / m.sum())
    return start


def _pattern_probabilities(gammas: IntArray, probabilities: list[FloatArray]) -> FloatArray:
    """prod over present fields of the level probability, per pattern."""
    product = np.ones(gammas.shape[0])
    for field, levels in enumerate(probabilities):
        column = gammas[:, field]
        present = column >= 0
        product[present] *= levels[column[present]]
    return product


def masked(patterns: PatternCounts, fields: Sequence[int]) -> PatternCounts:
    """The patterns with the given fields set to -1 (no evidence), equal patterns merged."""
    gammas = patterns.gammas.copy()
    if len(fields):
        gammas[:, list(fields)] = NULL_LEVEL
    unique, inverse = np.unique(gammas, axis=0, return_inverse=True)
    counts = np.bincount(inverse.reshape(-1), weights=patterns.counts, minlength=unique.shape[0])
    return PatternCounts(unique.astype(np.int64), counts)


def _mixture(prior: float, m_pattern: FloatArray, u_pattern: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Per pattern, the match posterior and the mixture probability prior x m + (1 - prior) x u."""
    match_part = prior * m_pattern
    mixture = match_part + (1.0 - prior) * u_pattern
    return np.divide(match_part, mixture, out=np.zeros_like(mixture), where=mixture > 0), mixture


def _posterior(patterns: PatternCounts, m: list[FloatArray], u: list[FloatArray], prior: float) -> FloatArray:
    return _mixture(
        prior, _pattern_probabilities(patterns.gammas, m), _pattern_probabilities(patterns.gammas, u)
    )[0]


def fit_m_and_prior(
    candidates: PatternCounts,
    u: list[FloatArray],
    *,
    fixed_m: Sequence[FloatArray | None] | None = None,
    initial_prior: float = 0.1,
    max_iterations: int = 20000,
    tolerance: float = 1e-6,
    pseudo_count: float = 1.0,
) -> FitResult:
    """EM for m and lambda over the candidate pairs' patterns, u fixed, and m fixed where fixed_m says."""
    level_counts = [len(levels) for levels in u]
    _check_levels(candidates, level_counts)
    if candidates.pair_count <= 0:
        return FitResult(_initial_m(level_counts), float("nan"), False, 0, float("nan"), "no candidate pairs")
    fixed = list(fixed_m) if fixed_m is not None else [None] * len(level_counts)
    u_pattern = _pattern_probabilities(candidates.gammas, u)
    m = [
        start if given is None else np.asarray(given)
        for start, given in zip(_initial_m(level_counts), fixed, strict=True)
    ]
    prior = initial_prior
    log_likelihood = float("nan")
    for iteration in range(1, max_iterations + 1):
        posterior, mixture = _mixture(prior, _pattern_probabilities(candidates.gammas, m), u_pattern)
        log_likelihood = float(np.sum(candidates.counts * np.log(np.maximum(mixture, 1e-300))))
        shares = level_shares(candidates, level_counts, posterior, pseudo_count=pseudo_count)
        new_m = [share if given is None else old for share, given, old in zip(shares, fixed, m, strict=True)]
        new_prior = float(np.sum(candidates.counts * posterior) / candidates.pair_count)
        new_prior = min(max(new_prior, 1e-9), 1.0 - 1e-9)
        change = max(
            abs(new_prior - prior),
            *(float(np.max(np.abs(new - old))) for new, old in zip(new_m, m, strict=True)),
        )
        m, prior = new_m, new_prior
        if change < tolerance:
            return FitResult(m, prior, True, iteration, log_likelihood, f"converged: change {change:.1e}")
    return FitResult(
        m, prior, False, max_iterations, log_likelihood, f"not converged in {max_iterations} iterations"
    )


def _pooled_m(
    sessions: dict[str, PatternCounts],
    posteriors: dict[str, FloatArray],
    level_counts: Sequence[int],
    pseudo_count: float,
) -> list[FloatArray]:
    """Posterior-weighted level counts summed over the sessions, as shares per field."""
    pooled = [np.zeros(levels) for levels in level_counts]
    for rule, patterns in sessions.items():
        weights = patterns.counts * posteriors[rule]
        for field, levels in enumerate(level_counts):
            column = patterns.gammas[:, field]
            present = column >= 0
            pooled[field] += np.bincount(column[present], weights=weights[present], minlength=levels)
    return [(counts + pseudo_count) / (counts.sum() + pseudo_count * len(counts)) for counts in pooled]


def prior_over_candidates(
    candidates: PatternCounts,
    m: Sequence[FloatArray],
    u: Sequence[FloatArray],
    total_pairs: float,
    *,
    max_iterations: int = 10000,
    tolerance: float = 1e-9,
) -> tuple[float, int, bool]:
    """The prior (chance that a random pair is one person) with m and u fixed: the fixed point of
    prior = (sum over the candidate pairs of their posterior) / total_pairs.

    This is EM for the prior alone over every pair, the pairs blocking never paired taken as
    non-matches (they disagree on every blocking rule's fields). Each candidate pair is scored on all
    its fields, unmasked: a pair's posterior does not depend on which rule paired it, and the fields
    are then read as m and u describe them. Fitting a share of matches per rule on the pairs it paired
    first, as before, read those pairs with m and u of all pairs while the earlier rules had taken the
    pairs that agree on their fields: the second rule's pairs of one person are the ones whose birth
    dates differ, which m calls unlikely for a match, and the fit put their share at 0. Starts from
    every candidate pair a match and falls to the largest fixed point; returns the prior, the
    iterations and whether the change fell below `tolerance` (relative).
    """
    if candidates.pair_count <= 0 or total_pairs <= 0:
        return float("nan"), 0, False
    m_pattern = _pattern_probabilities(candidates.gammas, list(m))
    u_pattern = _pattern_probabilities(candidates.gammas, list(u))
    prior = min(candidates.pair_count / total_pairs, 1.0 - 1e-9)
    for iteration in range(1, max_iterations + 1):
        posterior, _ = _mixture(prior, m_pattern, u_pattern)
        new_prior = min(max(float(np.sum(candidates.counts * posterior)) / total_pairs, 1e-12), 1.0 - 1e-9)
        change = abs(new_prior - prior) / prior
        prior = new_prior
        if change < tolerance:
            return prior, iteration, True
    return prior, max_iterations, False


def fit_by_blocking_rule(
    sessions: dict[str, PatternCounts],
    candidates: PatternCounts,
    u: list[FloatArray],
    record_count: int,
    person_fields: Sequence[int] = (),
    *,
    max_iterations: int = 20000,
    tolerance: float = 1e-6,
    pseudo_count: float = 1.0,
) -> FitResult:
    """m by EM per blocking rule in two stages, pooled over the rules; the prior per random pair.

    sessions: per blocking rule, the patterns of the candidate pairs it paired, the fields it blocks
    on already masked (-1); candidates: the patterns of every candidate pair once, no field masked.
    Stage 1 learns m of the person fields (those that tell the members of a
    household apart: given name, birth date) on those fields alone, in the sessions that leave at
    least two of them unmasked when there are any, so a shared address or family name cannot pass
    a household off as a match. Stage 2 learns m of the other fields with the person fields' m
    fixed, in the sessions that leave a person field when there are any (a session without one has
    nothing that tells its matches from namesakes; it is named in the message). Last, with every m
    fixed, the prior (the chance that a random pair of the record_count x (record_count - 1) / 2 is
    one person) is the expected matches among the candidate pairs over all pairs (prior_over_candidates).
    """
    level_counts = [len(levels) for levels in u]
    person = sorted(set(person_fields))
    others = [field for field in range(len(level_counts)) if field not in person]
    total_pairs = record_count * (record_count - 1) / 2.0
    sessions = {rule: patterns for rule, patterns in sessions.items() if patterns.pair_count > 0}
    if not sessions or total_pairs <= 0:
        return FitResult(_initial_m(level_counts), float("nan"), False, 0, float("nan"), "no candidate pairs")
    fits: list[FitResult] = []
    notes: list[str] = []
    m_start = _initial_m(level_counts)
    # Per session, how many person fields its blocking rule leaves (present on some pair).
    person_fields_left = {
        rule: int(np.sum(np.any(patterns.gammas[:, person] >= 0, axis=0)))
        for rule, patterns in sessions.items()
    }
    if person and others:
        # A session where only one person field is left (the others blocked on) cannot tell m from
        # lambda on that field alone: stage 1 reads the sessions with at least two, when there are any.
        needed = max(1, min(2, len(person), max(person_fields_left.values(), default=0)))
        stage_one = {
            rule: masked(patterns, others)
            for rule, patterns in sessions.items()
            if person_fields_left[rule] >= needed
        }
        fitted = {
            rule: fit_m_and_prior(
                patterns, u, max_iterations=max_iterations, tolerance=tolerance, pseudo_count=pseudo_count
            )
            for rule, patterns in stage_one.items()
        }
        fits.extend(fitted.values())
        notes.extend(
            f"{rule} (person fields): {fit.message}, lambda {fit.prior:.4f}"
            for rule, fit in fitted.items()
            if not fit.is_converged
        )
        if fitted:
            posteriors = {
                rule: _posterior(stage_one[rule], fit.m, u, fit.prior) for rule, fit in fitted.items()
            }
            pooled = _pooled_m(stage_one, posteriors, level_counts, pseudo_count)
            m_start = [pooled[field] if field in person else start for field, start in enumerate(m_start)]
    fixed = [
        m_start[field] if field in person and person and others else None
        for field in range(len(level_counts))
    ]
    # A session that blocks on every person field has only the household fields left, and nothing
    # holding its match class to persons: namesakes born the same year, say, pass for matches there.
    # Stage 2 reads the sessions that leave a person field, when there are any.
    stage_two = sessions
    if person and others:
        anchored = {rule: patterns for rule, patterns in sessions.items() if person_fields_left[rule] >= 1}
        if anchored:
            notes.extend(
                f"{rule}: blocks on every person field, not read for the other fields' m"
                for rule in sessions
                if rule not in anchored
            )
            stage_two = anchored
    fitted = {
        rule: fit_m_and_prior(
            patterns,
            u,
            fixed_m=fixed,
            max_iterations=max_iterations,
            tolerance=tolerance,
            pseudo_count=pseudo_count,
        )
        for rule, patterns in stage_two.items()
    }
    fits.extend(fitted.values())
    posteriors = {rule: _posterior(stage_two[rule], fit.m, u, fit.prior) for rule, fit in fitted.items()}
    pooled = _pooled_m(stage_two, posteriors, level_counts, pseudo_count)
    m = [m_start[field] if fixed[field] is not None else pooled[field] for field in range(len(level_counts))]
    prior, prior_iterations, prior_converged = prior_over_candidates(candidates, m, u, total_pairs)
    if not prior_converged:
        notes.append(f"prior: not converged in {prior_iterations} iterations")
    converged = all(fit.is_converged for fit in fits) and prior_converged
    iterations = max([fit.iteration_count for fit in fits] + [prior_iterations])
    log_likelihood = float(sum(fit.log_likelihood for fit in fitted.values()))
    message = "; ".join(
        [f"expected matches {prior * total_pairs:.1f} of {candidates.pair_count:.0f} candidate pairs"]
        + [
            f"{rule}: {fit.message}, lambda {fit.prior:.4f} of {sessions[rule].pair_count:.0f} pairs"
            for rule, fit in fitted.items()
        ]
        + notes
    )
    return FitResult(m, prior, converged, iterations, log_likelihood, message)


def match_weights(m: Sequence[FloatArray], u: Sequence[FloatArray]) -> list[FloatArray]:
    """log2(m / u) per field and level."""
    return [np.log2(m_field / u_field) for m_field, u_field in zip(m, u, strict=True)]


def prior_weight(prior: float) -> float:
    """log2(lambda / (1 - lambda))."""
    return float(np.log2(prior / (1.0 - prior)))


def match_probability(weight: ArrayLike) -> FloatArray:
    """2^w / (1 + 2^w), computed without overflow."""
    return 1.0 / (1.0 + np.exp2(np.clip(-np.asarray(weight, dtype=np.float64), -1000.0, 1000.0)))
