"""Jaro-Winkler similarity exactly as DuckDB's jaro_winkler_similarity computes it (for Spark, docs/spark.md).

Spark has no Jaro-Winkler function: firstparty.spark_build registers this one as the session's Python UDF
`firstparty_jaro_winkler`, which macro spark__identity_jaro_winkler calls. The definition is the one
DuckDB uses (and Postgres' firstparty_functions.jaro_winkler, macros/project/create_sql_functions.sql):
matching window max(length) // 2 - 1, transpositions halved with integer division, Winkler's prefix bonus
of 0.1 per common leading character (at most 4) when the Jaro similarity is above 0.7. Characters are
Unicode code points; an empty text is 0.0 similar to anything, itself included (as DuckDB). Null in,
null out.
"""

from __future__ import annotations

from fractions import Fraction


def jaro_winkler(text_a: str | None, text_b: str | None) -> float | None:
    if text_a is None or text_b is None:
        return None
    len_a, len_b = len(text_a), len(text_b)
    if len_a == 0 or len_b == 0:
        return 0.0  # DuckDB: 0 even for two empty texts
    window = max(max(len_a, len_b) // 2 - 1, 0)
    matched_a = [False] * len_a
    matched_b = [False] * len_b
    matches = 0
    for i, char in enumerate(text_a):
        for j in range(max(0, i - window), min(len_b, i + window + 1)):
            if not matched_b[j] and text_b[j] == char:
                matched_a[i] = matched_b[j] = True
                matches += 1
                break
    if matches == 0:
        return 0.0
    transpositions = 0
    position_b = 0
    for i in range(len_a):
        if matched_a[i]:
            while not matched_b[position_b]:
                position_b += 1
            if text_a[i] != text_b[position_b]:
                transpositions += 1
            position_b += 1
    similarity = (matches / len_a + matches / len_b + (matches - transpositions // 2) / matches) / 3.0
    if similarity > 0.7:
        prefix = 0
        while prefix < min(4, len_a, len_b) and text_a[prefix] == text_b[prefix]:
            prefix += 1
        # DuckDB's build computes this with a fused multiply-add (one rounding): so does Fraction here.
        similarity = float(Fraction(prefix * 0.1) * Fraction(1.0 - similarity) + Fraction(similarity))
    return similarity
