"""Where a claim was read: a span of a paragraph, heading or cell."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Position, SourceText


@dataclass(frozen=True)
class Where:
    """A span of a paragraph, heading or cell: enough to locate and to quote."""

    src: SourceText
    start: int
    end: int
    block: int  # index of the block in the document

    @property
    def pos(self) -> Position:
        return self.src.locate(self.start)

    @property
    def end_pos(self) -> Position:
        return self.src.locate(max(self.start, self.end - 1))

    @property
    def snippet(self) -> str:
        return self.src.text[self.start:self.end]
