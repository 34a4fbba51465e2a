"""Identity resolution measured against the generator's answer key.

    python -m firstparty.evaluate [--db PATH] [--answer-key PATH]

Reads `identity.customer_record_map` (and the identity models beside it) from the built DuckDB file
(FIRSTPARTY_DUCKDB_PATH, else firstparty.duckdb) and the answer key (evaluation/answer_key.csv:
source_name, source_record_id, person_id), then prints a breakdown and, last, the line
`identity precision=P recall=R f1=F`.

Pairwise, over records: every staged record of the answer key counts once. Two records form a
predicted pair when they share a customer_id, a true pair when they share a person_id. A staged
record that customer_record_map leaves out (no usable identifier, or held in an oversized cluster)
is a cluster of its own. Records staging quarantined are not identity's input and are not counted.
Pair counts come from the customer x person contingency table (n choose 2 per cell, row and column),
never from enumerating pairs.

The breakdown shows coverage, each rule's link precision, the recall lost without each rule, the
shared identifiers and what the guard did with them, and the recall ceiling: what a linker that
never errs could reach by joining every pair of records of one person that share an identifier
(guards ignored) or a correct inferred link. The ceiling is why recall is not 1. Last, probabilistic
matching over its compared pairs against the pattern bound (`pattern_bound`): what a classifier of the
comparison levels could reach, knowing the answer.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ANSWER_KEY = REPO_ROOT / "evaluation" / "answer_key.csv"
# The precision floor for probabilistic matching (issue 15): the bound is also given under it.
MATCHING_MIN_PRECISION = 0.995


def default_db_path() -> Path:
    return Path(os.environ.get("FIRSTPARTY_DUCKDB_PATH", "firstparty.duckdb"))


@dataclass(frozen=True)
class PairCounts:
    """Pair counts over one set of records: predicted, true, and both."""

    predicted: int
    true: int
    both: int

    @property
    def precision(self) -> float:
        return self.both / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.both / self.true if self.true else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def pair_counts(labels: Iterable[tuple[str, str]]) -> PairCounts:
    """Pair counts from (predicted cluster, true person) per record, by contingency counts."""
    cells: Counter[tuple[str, str]] = Counter(labels)
    clusters: Counter[str] = Counter()
    persons: Counter[str] = Counter()
    for (cluster, person), n in cells.items():
        clusters[cluster] += n
        persons[person] += n
    return PairCounts(
        predicted=sum(pairs(n) for n in clusters.values()),
        true=sum(pairs(n) for n in persons.values()),
        both=sum(pairs(n) for n in cells.values()),
    )


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        parent = self.parent.setdefault(node, node)
        root = node
        while parent != root:
            root, parent = parent, self.parent[parent]
        while node != root:  # path compression
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def link_pair_counts(
    links: Iterable[tuple[str, str]],
    person_of: dict[str, str],
    keep: Callable[[str], bool] = lambda record: True,
) -> PairCounts:
    """Pair counts of the clusters that `links` (record pairs) make, union-find over them, against the
    true person of each record of `person_of` that `keep` keeps (a record no link names is alone)."""
    union_find = UnionFind()
    for a, b in links:
        union_find.union(a, b)
    return pair_counts(
        (union_find.find(record), person) for record, person in person_of.items() if keep(record)
    )


def pattern_bound(
    pairs_by_pattern: Iterable[tuple[tuple[object, ...], bool]], min_precision: float = 0.0
) -> PairCounts:
    """The best pairwise F1 any classifier that sees only each pair's comparison pattern can reach.

    pairs_by_pattern: one (pattern, is one person) per compared pair. A classifier of patterns links
    all pairs of a pattern or none; the best ones link the purest patterns first (a pattern raises F1
    exactly when its purity, the share of its pairs that are one person, exceeds half the F1 reached),
    so the bound is the best F1 over the prefixes of the patterns sorted by purity. With
    min_precision, the best prefix whose precision reaches it (no link when none does; a subset
    skipping a pattern could do a little better there). Recall counts the true pairs among the given
    pairs. It knows the answer, so it is not a linker but a bound on what the comparison levels alone
    tell apart on this data: a linker below it loses to its fit or threshold, and the rest is evidence
    the levels do not carry. (The term-frequency adjustment gives the linker more than the pattern,
    so a linker may pass it.)
    """
    total: Counter[tuple[object, ...]] = Counter()
    same: Counter[tuple[object, ...]] = Counter()
    for pattern, is_same in pairs_by_pattern:
        total[pattern] += 1
        same[pattern] += bool(is_same)
    true = sum(same.values())
    best = PairCounts(0, true, 0)
    predicted = both = 0
    for pattern in sorted(total, key=lambda key: (-same[key] / total[key], -total[key])):
        predicted += total[pattern]
        both += same[pattern]
        counts = PairCounts(predicted, true, both)
        if counts.precision >= min_precision and counts.f1 > best.f1:
            best = counts
    return best


@dataclass(frozen=True)
class MatchingReport:
    """Probabilistic matching over the compared pairs of answer-key records that share no linking
    identifier (those are the deterministic rules' business): the links against the pattern bound."""

    links: PairCounts
    bound: PairCounts
    bound_at_precision: PairCounts
    min_precision: float
    patterns: int

    def lines(self) -> list[str]:
        return [
            f"probabilistic matching, compared pairs sharing no linking identifier: {self.links.true:,} of "
            f"one person; over them links precision={self.links.precision:.4f} "
            f"recall={self.links.recall:.4f} f1={self.links.f1:.4f}",
            f"  best any classifier of the {self.patterns:,} comparison patterns reaches (it knows the "
            f"answer): f1={self.bound.f1:.4f} (precision {self.bound.precision:.4f}, recall "
            f"{self.bound.recall:.4f}); purest patterns first to precision >= {self.min_precision}: "
            f"f1={self.bound_at_precision.f1:.4f} (recall {self.bound_at_precision.recall:.4f})",
        ]


@dataclass(frozen=True)
class RuleReport:
    rule: str
    strength: str
    links: int
    correct_links: int
    recall_without: float

    @property
    def precision(self) -> float:
        return self.correct_links / self.links if self.links else 1.0


@dataclass(frozen=True)
class SharedIdentifier:
    identifier_class: str
    identifier_value: str
    persons: int
    records: int
    person_keys: int  # most distinct shop accounts, loyalty cards or birth dates carried with it
    contact_points: int  # most distinct other emails or other phones carried with it
    verdict: str  # blocklisted, shared (does not link), or LINKING


@dataclass
class Report:
    overall: PairCounts
    answer_records: int
    staged_records: int
    mapped_records: int
    unmapped_by_reason: dict[str, int]
    customers: int
    persons: int
    mixed_customers: int
    rules: list[RuleReport]
    shared_identifiers: list[SharedIdentifier]
    ceiling: PairCounts
    links_reproduce_map: bool
    matching: MatchingReport | None = None
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"records: {self.answer_records:,} in the answer key, {self.staged_records:,} staged, "
            f"{self.mapped_records:,} in customer_record_map",
        ]
        for reason, n in sorted(self.unmapped_by_reason.items()):
            out.append(f"  not mapped ({reason}): {n:,}")
        out.append(
            f"customers: {self.customers:,} for {self.persons:,} true persons; "
            f"customers holding records of two or more persons: {self.mixed_customers:,}"
        )
        out.append(
            f"pairs: {self.overall.predicted:,} predicted, {self.overall.true:,} true, "
            f"{self.overall.both:,} both"
        )
        out.append(
            f"recall ceiling (a never-erring linker over these identifiers): {self.ceiling.recall:.4f}; "
            f"reached {self.overall.recall:.4f}, {self.overall.both / max(self.ceiling.both, 1):.2%} of the "
            "linkable true pairs"
        )
        out.append("rules (applied links): links, link precision, recall without the rule")
        for rule in self.rules:
            out.append(
                f"  {rule.rule:<32} {rule.strength:<7} links={rule.links:>7,} "
                f"precision={rule.precision:.4f} recall_without={rule.recall_without:.4f}"
            )
        out.append(
            "identifiers carried by records of two or more true persons (person_keys: most distinct shop "
            "accounts, cards or birth dates with it; contact_points: most other emails or phones):"
        )
        for shared in self.shared_identifiers:
            out.append(
                f"  {shared.identifier_class:<6} {shared.identifier_value:<30} persons={shared.persons:>3} "
                f"records={shared.records:>3} person_keys={shared.person_keys} "
                f"contact_points={shared.contact_points:>2} -> {shared.verdict}"
            )
        if not self.links_reproduce_map:
            out.append("WARNING: the applied links of identity_links do not reproduce customer_record_map")
        if self.matching is not None:
            out.extend(self.matching.lines())
        out.extend(self.notes)
        out.append(
            f"identity precision={self.overall.precision:.4f} recall={self.overall.recall:.4f} "
            f"f1={self.overall.f1:.4f}"
        )
        return out


def _load(con: duckdb.DuckDBPyConnection, answer_key: Path) -> None:
    con.execute(
        "create temp table answer_key as select source_name, source_record_id, person_id "
        "from read_csv(?, header = true, all_varchar = true)",
        [str(answer_key)],
    )
    con.execute(
        """
        create temp table evaluated as
        select
            records.record_key,
            answer_key.person_id,
            record_map.customer_id,
            coalesce(record_map.customer_id, 'unmapped:' || records.record_key) as cluster_id
        from identity.int_identity__records as records
        inner join answer_key
            on records.source_name = answer_key.source_name
            and records.source_record_id = answer_key.source_record_id
        left join identity.customer_record_map as record_map
            on records.source_name = record_map.source_name
            and records.source_record_id = record_map.source_record_id
        """
    )


def _rules(con: duckdb.DuckDBPyConnection, person_of: dict[str, str]) -> list[RuleReport]:
    links = con.execute(
        """
        select
            links.link_rule,
            links.link_strength,
            links.source_name_a || ':' || links.source_record_id_a,
            links.source_name_b || ':' || links.source_record_id_b
        from identity.identity_links as links
        where links.link_status = 'applied'
        """
    ).fetchall()
    records = list(person_of)
    by_rule: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for rule, strength, a, b in links:
        by_rule[(rule, strength)].append((a, b))
    reports = []
    for (rule, strength), rule_links in sorted(by_rule.items(), key=lambda item: (item[0][1], item[0][0])):
        evaluated = [(a, b) for a, b in rule_links if a in person_of and b in person_of]
        correct = sum(1 for a, b in evaluated if person_of[a] == person_of[b])
        union_find = UnionFind()
        for other, other_links in by_rule.items():
            if other[0] == rule:
                continue
            for a, b in other_links:
                union_find.union(a, b)
        without = pair_counts((union_find.find(record), person_of[record]) for record in records)
        reports.append(RuleReport(rule, strength, len(evaluated), correct, without.recall))
    return reports


def _links_reproduce_map(con: duckdb.DuckDBPyConnection) -> bool:
    """The applied links of identity_links, joined up, give exactly the partition of customer_record_map."""
    union_find = UnionFind()
    for a, b in con.execute(
        "select source_name_a || ':' || source_record_id_a, source_name_b || ':' || source_record_id_b "
        "from identity.identity_links where link_status = 'applied'"
    ).fetchall():
        union_find.union(a, b)
    by_customer: dict[str, set[str]] = defaultdict(set)
    for record, customer in con.execute(
        "select source_name || ':' || source_record_id, customer_id from identity.customer_record_map"
    ).fetchall():
        by_customer[customer].add(union_find.find(record))
    roots = [next(iter(found)) for found in by_customer.values() if len(found) == 1]
    return len(roots) == len(by_customer) and len(set(roots)) == len(roots)


def _shared_identifiers(con: duckdb.DuckDBPyConnection) -> list[SharedIdentifier]:
    rows = con.execute(
        """
        with carried as (
            select occurrences.identifier_key, evaluated.person_id, records.record_key
            from identity.int_identity__identifier_occurrences as occurrences
            inner join identity.int_identity__records as records
                on occurrences.record_number = records.record_number
            inner join evaluated on records.record_key = evaluated.record_key
        )
        select
            identifiers.identifier_class,
            identifiers.identifier_value,
            count(distinct carried.person_id) as persons,
            count(distinct carried.record_key) as records,
            greatest(
                identifiers.shop_account_count, identifiers.loyalty_id_count, identifiers.birth_date_count
            ) as person_keys,
            greatest(identifiers.other_email_count, identifiers.other_phone_count) as contact_points,
            case
                when identifiers.is_blocklisted then 'blocklisted'
                when identifiers.is_shared then 'shared (does not link)'
                else 'LINKING'
            end as verdict
        from carried
        inner join identity.int_identity__identifiers as identifiers
            on carried.identifier_key = identifiers.identifier_key
        group by all
        having count(distinct carried.person_id) > 1
        order by persons desc, records desc, identifiers.identifier_value
        """
    ).fetchall()
    return [SharedIdentifier(*row) for row in rows]


def _ceiling(con: duckdb.DuckDBPyConnection, person_of: dict[str, str]) -> PairCounts:
    union_find = UnionFind()
    same_person_sharing = con.execute(
        """
        with carried as (
            select occurrences.identifier_key, records.record_key, evaluated.person_id
            from identity.int_identity__identifier_occurrences as occurrences
            inner join identity.int_identity__records as records
                on occurrences.record_number = records.record_number
            inner join evaluated on records.record_key = evaluated.record_key
        ),
        anchors as (
            select identifier_key, person_id, min(record_key) as anchor_key
            from carried
            group by identifier_key, person_id
        )
        select anchors.anchor_key, carried.record_key
        from carried
        inner join anchors
            on carried.identifier_key = anchors.identifier_key and carried.person_id = anchors.person_id
        where carried.record_key <> anchors.anchor_key
        """
    ).fetchall()
    inferred = con.execute(
        """
        select source_name_a || ':' || source_record_id_a, source_name_b || ':' || source_record_id_b
        from identity.identity_links
        where link_strength = 'weak'
        """
    ).fetchall()
    for a, b in same_person_sharing:
        union_find.union(a, b)
    for a, b in inferred:
        if a in person_of and b in person_of and person_of[a] == person_of[b]:
            union_find.union(a, b)
    return pair_counts((union_find.find(record), person) for record, person in person_of.items())


def matching_report(
    con: duckdb.DuckDBPyConnection, person_of: dict[str, str], min_precision: float = MATCHING_MIN_PRECISION
) -> MatchingReport | None:
    """The probabilistic links and the pattern bound over the compared pairs of answer-key records
    that share no linking identifier; None when nothing of the answer key was compared."""
    columns = [
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns where table_schema = 'identity' "
            "and table_name = 'int_identity__match_scores' and column_name like 'gamma\\_%' escape '\\' "
            "order by ordinal_position"
        ).fetchall()
    ]
    rows = con.execute(
        f"select record_key_a, record_key_b, is_match, {', '.join(columns)} "
        "from identity.int_identity__match_scores where not shares_linking_identifier"
    ).fetchall()
    scored = [
        (tuple(row[3:]), person_of[row[0]] == person_of[row[1]], bool(row[2]))
        for row in rows
        if row[0] in person_of and row[1] in person_of
    ]
    if not scored:
        return None
    true = sum(1 for _, same, _ in scored if same)
    linked = [same for _, same, is_match in scored if is_match]
    links = PairCounts(len(linked), true, sum(linked))
    by_pattern = [(pattern, same) for pattern, same, _ in scored]
    return MatchingReport(
        links=links,
        bound=pattern_bound(by_pattern),
        bound_at_precision=pattern_bound(by_pattern, min_precision),
        min_precision=min_precision,
        patterns=len({pattern for pattern, _ in by_pattern}),
    )


def evaluate(db_path: Path | str, answer_key: Path | str = DEFAULT_ANSWER_KEY) -> Report:
    """Measure the identity models in the DuckDB file at db_path against the answer key."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        _load(con, Path(answer_key))
        evaluated = con.execute(
            "select record_key, person_id, customer_id, cluster_id from evaluated"
        ).fetchall()
        person_of = {record: person for record, person, _, _ in evaluated}
        overall = pair_counts((cluster, person) for _, person, _, cluster in evaluated)
        (answer_records,) = con.execute("select count(*) from answer_key").fetchone()
        (staged_records,) = con.execute("select count(*) from identity.int_identity__records").fetchone()
        (mapped_records,) = con.execute("select count(*) from identity.customer_record_map").fetchone()
        unmapped = dict(
            con.execute(
                """
                select issue_type || ': ' || issue_detail, count(*)
                from identity.identity_issues
                where issue_type in ('unmapped_record', 'held_record')
                group by 1
                """
            ).fetchall()
        )
        customers = {customer for _, _, customer, _ in evaluated if customer is not None}
        persons_per_customer: dict[str, set[str]] = defaultdict(set)
        for _, person, customer, _ in evaluated:
            if customer is not None:
                persons_per_customer[customer].add(person)
        report = Report(
            overall=overall,
            answer_records=answer_records,
            staged_records=staged_records,
            mapped_records=mapped_records,
            unmapped_by_reason=unmapped,
            customers=len(customers),
            persons=len(set(person_of.values())),
            mixed_customers=sum(1 for found in persons_per_customer.values() if len(found) > 1),
            rules=_rules(con, person_of),
            shared_identifiers=_shared_identifiers(con),
            ceiling=_ceiling(con, person_of),
            links_reproduce_map=_links_reproduce_map(con),
            matching=matching_report(con, person_of),
        )
    finally:
        con.close()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m firstparty.evaluate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--db", type=Path, default=None, help="DuckDB file (default FIRSTPARTY_DUCKDB_PATH)")
    parser.add_argument("--answer-key", type=Path, default=DEFAULT_ANSWER_KEY, help="answer key CSV")
    args = parser.parse_args(argv)
    db_path = args.db or default_db_path()
    if not db_path.exists():
        print(f"{db_path} does not exist: build the project first (make build)", file=sys.stderr)
        return 2
    for line in evaluate(db_path, args.answer_key).lines():
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
