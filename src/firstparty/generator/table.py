"""One export of one chunk under construction: its columns as text, the person behind each row, the
position of each row in the file, and which rows were made malformed."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from firstparty.exports import Export, by_identifier

EXPORT = by_identifier()


@dataclass
class Table:
    export: Export
    cols: dict[str, np.ndarray]
    person: np.ndarray  # chunk-local person index per row
    order: np.ndarray  # file position key (float); rows are written in this order
    malformed: np.ndarray = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if list(self.cols) != self.export.column_names:
            raise ValueError(f"{self.export.identifier}: columns {list(self.cols)} differ from exports.py")
        n = len(self.person)
        for name, col in self.cols.items():
            if len(col) != n or col.dtype != object:
                raise ValueError(f"{self.export.identifier}.{name}: bad column")
        self.order = np.asarray(self.order, dtype=np.float64)
        if self.malformed is None:
            self.malformed = np.zeros(n, dtype=bool)

    def __len__(self) -> int:
        return len(self.person)

    def take(self, idx: np.ndarray) -> Table:
        return Table(
            self.export,
            {k: v[idx] for k, v in self.cols.items()},
            self.person[idx],
            self.order[idx],
            self.malformed[idx],
        )

    def append(self, other: Table) -> Table:
        return Table(
            self.export,
            {k: np.concatenate([v, other.cols[k]]) for k, v in self.cols.items()},
            np.concatenate([self.person, other.person]),
            np.concatenate([self.order, other.order]),
            np.concatenate([self.malformed, other.malformed]),
        )

    def in_file_order(self) -> Table:
        return self.take(np.argsort(self.order, kind="stable"))


def table(identifier: str, person: np.ndarray, order: np.ndarray, **cols: np.ndarray) -> Table:
    """A Table of the export `identifier`, its columns taken from `cols` in the contract's order."""
    export = EXPORT[identifier]
    return Table(export, {c: cols[c] for c in export.column_names}, np.asarray(person, dtype=np.int64), order)
