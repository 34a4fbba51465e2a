"""Identity resolution scored against the demo answer key (firstparty.evaluate), and the scorer itself.

The demo figures are read from the database `make test` built (FIRSTPARTY_DUCKDB_PATH); `make evaluate`
prints the same report.
"""

from __future__ import annotations

import itertools
import random

import pytest
from project import REPO_ROOT, built_db_path

from firstparty.evaluate import (
    PairCounts,
    Report,
    UnionFind,
    evaluate,
    link_pair_counts,
    pair_counts,
    pattern_bound,
)

PRECISION_TARGET = 0.99
RECALL_TARGET = 0.97
SHARE_OF_CEILING_TARGET = 0.99
PLACEHOLDER_EMAILS = {
    "a@a.com",
    "no@email.com",
    "noemail@gmail.com",
    "noemail@noemail.com",
    "none@none.com",
    "test@example.com",
}
CALL_CENTRE_PHONE = "+442079460000"


def brute_force_pairs(labels: list[tuple[str, str]]) -> PairCounts:
    predicted = true = both = 0
    for (cluster_a, person_a), (cluster_b, person_b) in itertools.combinations(labels, 2):
        predicted += cluster_a == cluster_b
        true += person_a == person_b
        both += cluster_a == cluster_b and person_a == person_b
    return PairCounts(predicted, true, both)


def test_pair_counts_from_contingency_equal_enumerated_pairs() -> None:
    rng = random.Random(3)
    labels = [(f"c{rng.randrange(40)}", f"p{rng.randrange(25)}") for _ in range(400)]
    assert pair_counts(labels) == brute_force_pairs(labels)


def test_perfect_clustering_scores_one_and_singletons_score_no_recall() -> None:
    labels = [("c1", "p1"), ("c1", "p1"), ("c2", "p2"), ("c2", "p2"), ("c2", "p2")]
    perfect = pair_counts(labels)
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    singletons = pair_counts((f"s{index}", person) for index, (_, person) in enumerate(labels))
    assert (singletons.precision, singletons.recall) == (1.0, 0.0)
    merged = pair_counts(("one", person) for _, person in labels)
    assert merged.precision == pytest.approx(4 / 10) and merged.recall == 1.0


def test_union_find_joins_transitively() -> None:
    union_find = UnionFind()
    for a, b in [("a", "b"), ("c", "d"), ("b", "c"), ("x", "y")]:
        union_find.union(a, b)
    assert len({union_find.find(node) for node in "abcd"}) == 1
    assert union_find.find("x") == union_find.find("y") != union_find.find("a")


def test_link_pair_counts_scores_the_clusters_the_links_make() -> None:
    person_of = {"a": "P", "b": "P", "c": "P", "d": "Q", "e": "Q"}
    # a-b and b-d link: cluster {a, b, d}; c and e stay alone
    counts = link_pair_counts([("a", "b"), ("b", "d")], person_of)
    assert (counts.predicted, counts.true, counts.both) == (3, 4, 1)
    only_p = link_pair_counts([("a", "b"), ("b", "d")], person_of, keep=lambda record: record in "abc")
    assert (only_p.predicted, only_p.true, only_p.both) == (1, 3, 1)


def brute_force_bound(
    scored: list[tuple[tuple[str, ...], bool]], min_precision: float = 0.0
) -> tuple[float, PairCounts | None]:
    """Every subset of the patterns linked (none too), the best F1 among those at the precision floor."""
    patterns = sorted({pattern for pattern, _ in scored})
    true = sum(same for _, same in scored)
    best: tuple[float, PairCounts | None] = (-1.0, None)
    for size in range(len(patterns) + 1):
        for chosen in itertools.combinations(patterns, size):
            linked = [same for pattern, same in scored if pattern in chosen]
            counts = PairCounts(len(linked), true, sum(linked))
            if counts.precision >= min_precision and counts.f1 > best[0]:
                best = (counts.f1, counts)
    return best


def test_pattern_bound_links_the_purest_patterns_first() -> None:
    # pattern -> (pairs, of one person): A pure, B mostly, C a quarter, D never
    make = {("A",): (6, 6), ("B",): (10, 9), ("C",): (4, 1), ("D",): (5, 0)}
    scored = [
        (pattern, index < same) for pattern, (pairs_of, same) in make.items() for index in range(pairs_of)
    ]
    bound = pattern_bound(scored)
    # A and B: 16 linked, 15 right of 16 true, F1 0.9375 (with C 0.889: one right of four costs more
    # than it brings)
    assert (bound.predicted, bound.true, bound.both) == (16, 16, 15)
    assert bound.f1 == pytest.approx(brute_force_bound(scored)[0])
    strict = pattern_bound(scored, min_precision=0.95)
    assert (strict.predicted, strict.both) == (6, 6)  # B's 0.9 fails the floor: A alone
    assert pattern_bound(scored, min_precision=1.01).predicted == 0  # no prefix reaches it: no link


def test_pattern_bound_equals_the_best_subset_of_patterns_on_random_data() -> None:
    """Without a floor the purest-first prefixes hold the best subset (adding a pattern raises F1
    exactly when its purity exceeds half the F1 reached); with one, the bound is the best prefix."""
    rng = random.Random(20261205)
    for _ in range(40):
        scored = [((rng.choice("abcdef"),), rng.random() < rng.random()) for _ in range(rng.randint(1, 40))]
        best_f1, _ = brute_force_bound(scored)
        assert pattern_bound(scored).f1 == pytest.approx(best_f1)
        assert pattern_bound(scored, 0.8).f1 <= brute_force_bound(scored, 0.8)[0] + 1e-12


@pytest.fixture(scope="module")
def demo() -> Report:
    return evaluate(built_db_path(), REPO_ROOT / "evaluation" / "answer_key.csv")


def test_demo_report_ends_with_the_identity_line(demo: Report) -> None:
    last = demo.lines()[-1]
    assert last == (
        f"identity precision={demo.overall.precision:.4f} recall={demo.overall.recall:.4f} "
        f"f1={demo.overall.f1:.4f}"
    )


def test_demo_precision_meets_the_target(demo: Report) -> None:
    assert demo.overall.precision >= PRECISION_TARGET


def test_demo_recall_reaches_nearly_every_linkable_pair(demo: Report) -> None:
    """Recall against what a linker that never errs could reach with the identifiers in the data."""
    assert demo.overall.both >= SHARE_OF_CEILING_TARGET * demo.ceiling.both
    assert demo.overall.recall >= SHARE_OF_CEILING_TARGET * demo.ceiling.recall


@pytest.mark.xfail(
    strict=True,
    reason=(
        "not reachable on the demo data: the recall ceiling over its identifiers is about 0.927 "
        "(browsers that never log in, buy, convert or click through from an email, with their banner "
        "consents and ad clicks, and till receipts without a loyalty card share no identifier with the "
        "rest of their person's records)"
    ),
)
def test_demo_recall_meets_the_issue_target(demo: Report) -> None:
    assert demo.overall.recall >= RECALL_TARGET


def test_demo_every_rule_is_precise(demo: Report) -> None:
    assert {rule.rule for rule in demo.rules} >= {
        "same_email",
        "same_phone",
        "same_loyalty_id",
        "same_shop_account",
        "same_anonymous_id",
        "shop_account_email",
        "service_ticket_contact",
        "hashed_email_match",
        "web_login",
        "email_click_through",
        "record_reference",
        "purchase_time_match",
        "probabilistic_match",
    }
    imprecise = {rule.rule: rule.precision for rule in demo.rules if rule.precision < PRECISION_TARGET}
    assert not imprecise


def test_demo_report_compares_the_probabilistic_links_with_the_pattern_bound(demo: Report) -> None:
    matching = demo.matching
    assert matching is not None and matching.links.true > 0 and matching.patterns > 1
    assert matching.bound_at_precision.precision >= matching.min_precision
    assert matching.bound.f1 >= matching.bound_at_precision.f1
    assert any(line.startswith("probabilistic matching, compared pairs") for line in demo.lines())


def test_demo_applied_links_reproduce_customer_record_map(demo: Report) -> None:
    assert demo.links_reproduce_map


def test_demo_placeholder_emails_and_the_call_centre_phone_never_link(demo: Report) -> None:
    verdicts = {shared.identifier_value: shared.verdict for shared in demo.shared_identifiers}
    assert set(verdicts) >= PLACEHOLDER_EMAILS
    assert all(verdicts[email] == "blocklisted" for email in PLACEHOLDER_EMAILS)
    assert verdicts[CALL_CENTRE_PHONE] == "shared (does not link)"


def test_demo_no_shared_email_or_phone_merges_persons(demo: Report) -> None:
    """No email or phone carried by records of several true persons links them: family mailboxes,
    placeholders and the call-centre phone are all blocked or held by the guard. What still links
    across persons is a forwarded newsletter (a click-through on the forwardee's browser); a cluster
    where that joins two shop accounts is split, so the few customers that mix persons hold one
    person's records and another's anonymous browser."""
    linking = [shared for shared in demo.shared_identifiers if shared.verdict == "LINKING"]
    assert all(shared.identifier_class == "esp_subscriber_id" for shared in linking), linking
    assert demo.mixed_customers <= len(linking)
    stopped_family = [
        shared
        for shared in demo.shared_identifiers
        if shared.identifier_class == "email"
        and shared.verdict != "LINKING"
        and shared.identifier_value not in PLACEHOLDER_EMAILS
    ]
    assert len(stopped_family) >= 7  # the demo has family mailboxes spanning persons: the check bites
