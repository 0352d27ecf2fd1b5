"""The document model: what every reader produces and every later stage reads.

A Document is a flat sequence of blocks (heading | paragraph | table) in reading
order.  Every block knows where each of its characters came from: a list of
``Segment`` records maps an offset inside the block's text back to
(page, line, column) of the source file.  Re-joined hard-wrapped lines, table
cells and PDF lines all keep their origin this way, so a rule never needs to
look at the raw file again.

A file may hold several reports one after another (seed 000 holds three);
``Document.reports`` splits the blocks into ``Report`` objects, each with its
own title, fiscal year (年度), unit and heading tree.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterator, Optional


@dataclass(frozen=True)
class Position:
    page: Optional[int]  # 1-based; None for text files
    line: int  # 1-based (line of the file, or line within the PDF page)
    column: int  # 1-based, in characters


@dataclass(frozen=True)
class Segment:
    """Characters from ``offset`` on (until the next segment) start at this source position."""

    offset: int
    page: Optional[int]
    line: int
    column: int


class SourceText:
    """A text with a character -> source position map (a sorted list of segments)."""

    __slots__ = ("text", "segments", "_offsets")

    def __init__(self, text: str, segments: list[Segment]):
        self.text = text
        self.segments = segments or [Segment(0, None, 1, 1)]
        self._offsets = [s.offset for s in self.segments]

    def locate(self, offset: int) -> Position:
        i = bisect.bisect_right(self._offsets, offset) - 1
        s = self.segments[max(i, 0)]
        return Position(s.page, s.line, s.column + (offset - s.offset))

    @staticmethod
    def join(parts: list["SourceText"], sep: str = "") -> "SourceText":
        text, segs = [], []
        pos = 0
        for k, p in enumerate(parts):
            if k and sep:
                text.append(sep)
                pos += len(sep)
            for s in p.segments:
                segs.append(Segment(pos + s.offset, s.page, s.line, s.column))
            text.append(p.text)
            pos += len(p.text)
        return SourceText("".join(text), segs)

    def slice(self, start: int, end: int) -> "SourceText":
        first = self.locate(start)
        segs = [Segment(0, first.page, first.line, first.column)]
        for s in self.segments:
            if start < s.offset < end:
                segs.append(Segment(s.offset - start, s.page, s.line, s.column))
        return SourceText(self.text[start:end], segs)

    def strip(self) -> "SourceText":
        t = self.text
        a = len(t) - len(t.lstrip())
        b = len(t.rstrip())
        return self.slice(a, max(a, b))


class _Sourced:
    """Anything made of source text: its text, and where it starts."""

    source: SourceText

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def start(self) -> Position:
        return self.source.locate(0)


@dataclass
class Cell(_Sourced):
    source: SourceText
    row: int
    col: int


@dataclass
class Block(_Sourced):
    """One heading, paragraph or table.

    ``kind`` is 'heading', 'paragraph' or 'table'.  For headings, ``level``
    follows the numbering of official documents (一、=1, （一）=2, 1./1、=3,
    （1）=4, ①=5) or the DOCX heading style; ``number`` is the ordinal and
    ``numbering`` the style key ('cn', 'cn_paren', 'arabic', 'arabic_paren',
    'circled', 'style', or '' for an unnumbered title).
    """

    kind: str
    source: SourceText
    index: int = 0
    level: int = 0
    number: Optional[int] = None
    numbering: str = ""
    title: str = ""
    body_offset: int = 0  # for run-in headings: where the body text starts
    rows: list[list[Cell]] = field(default_factory=list)

    def cells(self) -> Iterator[Cell]:
        for row in self.rows:
            yield from row


@dataclass
class Section:
    heading: Optional[Block]
    children: list["Section"] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)  # blocks directly under it
    parent: Optional["Section"] = None

    @property
    def title(self) -> str:
        return self.heading.title if self.heading else ""

    def path(self) -> list[str]:
        out, s = [], self
        while s is not None and s.heading is not None:
            out.append(s.heading.title)
            s = s.parent
        return list(reversed(out))

    def walk(self) -> Iterator["Section"]:
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class Report:
    """One report inside a file: its blocks, title, fiscal year and unit."""

    blocks: list[Block]
    title: str = ""
    fiscal_year: Optional[int] = None
    unit: str = ""  # e.g. 湘潭县中路铺镇人民政府
    root: Optional[Section] = None
    number: int = 1

    def section_of(self, block: Block) -> Optional[Section]:
        if self.root is None:
            return None
        for sec in self.root.walk():
            if block in sec.blocks or sec.heading is block:
                return sec
        return None


@dataclass
class InputProblem:
    """Something wrong with the input itself (AL0xx)."""

    code: str
    message_zh: str
    message_en: str
    fatal: bool  # nothing at all could be read
    page: Optional[int] = None


@dataclass
class Document:
    path: str
    format: str  # txt | md | pdf | docx
    blocks: list[Block] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    page_count: Optional[int] = None
    source_lines: dict = field(default_factory=dict)  # (page, line) -> text, for carets
    page_labels: dict = field(default_factory=dict)  # page -> the page number printed on it
    # where the source lines are in the file (read.raw.LineAnchors: PDF character boxes,
    # DOCX paragraph paths), asked for only for the lines findings point at; None for text
    anchors: Optional[object] = None
    ocr: Optional[object] = None  # read.ocr.OcrInfo when the text was read by OCR: pages, box confidence

    def line_text(self, page: Optional[int], line: int) -> str:
        return self.source_lines.get((page, line), "")
