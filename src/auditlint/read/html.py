"""Saved web pages (.html / .htm, and single-file .mht / .mhtml): lxml.html.

Government sites publish reports as web pages; staff save them, or save a Word
file "as web page".  The reader:

- decodes the page: a BOM, else the charset the page declares (``<meta
  charset>`` / ``http-equiv``), where GB2312 and GBK are read as GB18030 (their
  superset: pages declared gb2312 routinely hold GBK characters), else strict
  UTF-8, GB18030, charset-normalizer; an MHTML file's first ``text/html`` part;
- drops what is not the report: scripts, styles, forms, ``nav`` / ``footer`` /
  ``aside`` and blocks whose class or id names a menu, breadcrumb, footer or
  share bar, then keeps the main content -- ``article`` / ``main`` when the page
  has one, else the smallest element holding most of the page's text that is
  not link text (the site's navigation is links);
- walks it in document order: ``h1`` (unnumbered: the page's title) is a
  paragraph, ``h2``-``h6`` are headings by style as in Word, numbered
  paragraphs are headings by their number (一、 （一） 1. …) as everywhere;
  ``p``, ``li``, ``div`` text and ``<br>``-separated lines are paragraphs;
  a data table becomes a table, ``colspan`` one cell of its row and ``rowspan``
  repeated in every row it covers (as the Word reader gives merged cells); a
  layout table (one that holds tables or long blocks of text) is walked as a
  container.

Positions are those of the Word reader: line = the number of the paragraph or
table cell on the page, column = the character in it; ``dump`` shows them.
A page over ``MAX_HTML_BYTES`` is refused (AL009).
"""
from __future__ import annotations

import email
import email.policy
import re
from typing import Optional

from .raw import _CJK_PUNCT, RawParagraph, RawTable, ReadResult, _line_source, _problem
from .text import decode_text

MAX_HTML_BYTES = 16 * 2**20  # a report page is well under 2 MB; images are separate files
MAX_CELLS = 200_000

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
_GB = {"gb2312", "gbk", "gb_2312-80", "gb_2312", "x-gbk", "cp936", "windows-936", "euc-cn", "gb18030", "hz-gb-2312"}
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "form", "nav", "footer", "aside",
              "select", "button", "object", "embed", "canvas", "map")
_CHROME = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|breadcrumbs?|crumbs?|share|copyright|sidebar|"
                     r"toolbar|topbar|position|location|dqwz|bottom)(?:$|[\s_-])", re.I)
_BLOCK = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
          "h1", "h2", "h3", "h4", "h5", "h6", "table", "center", "header", "body", "td", "th", "tr", "tbody",
          "thead", "tfoot", "form", "hr", "address", "figure", "figcaption", "caption"}
_WS = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_CJK_BREAK = re.compile(f"(?<=[{_CJK_PUNCT}])[ \t]*[\r\n][ \t\r\n]*(?=[{_CJK_PUNCT}])")


def _declared_charset(raw: bytes) -> Optional[str]:
    m = _META_CHARSET.search(raw[:8192])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def decode_html(raw: bytes, declared: Optional[str] = None) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", "replace")
    cs = (declared or _declared_charset(raw) or "").lower()
    if cs in _GB:
        return raw.decode("gb18030", "replace")
    if cs:
        try:
            return raw.decode(cs)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(raw)[0]


def _mhtml_html(raw: bytes) -> Optional[tuple[bytes, Optional[str]]]:
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload is not None:
                return payload, part.get_content_charset()
    return None


def _squeeze(s: str) -> str:
    """White space as a browser shows it: runs collapsed, and a line break of the page's source
    between two Chinese characters no space at all (CSS Text 3 segment breaks)."""
    return _WS.sub(" ", _CJK_BREAK.sub("", s)).strip()


def _text(el) -> str:
    return _WS.sub(" ", el.text_content()).strip()


def _link_free_len(el) -> int:
    total = len(_WS.sub("", el.text_content()))
    links = sum(len(_WS.sub("", a.text_content())) for a in el.iter("a"))
    return total - links


def _main_content(body):
    for tag in ("article", "main"):
        found = [e for e in body.iter(tag)]
        if found:
            best = max(found, key=_link_free_len)
            if _link_free_len(best) >= 100:
                return best
    for e in body.iter():
        if isinstance(e.tag, str) and e.get("role") == "main" and _link_free_len(e) >= 100:
            return e
    whole = _link_free_len(body)
    if whole == 0:
        return body
    best = body
    while True:
        kids = [k for k in best if isinstance(k.tag, str)]
        nxt = next((k for k in kids if _link_free_len(k) >= 0.6 * whole), None)
        if nxt is None or nxt.tag == "p" or (nxt.tag == "table" and not _is_layout_table(nxt)):
            return best
        best = nxt


def _is_layout_table(t) -> bool:
    if next(t.iter("table"), None) is not None and any(x is not t for x in t.iter("table")):
        return True
    for cell in t.iter("td", "th"):
        if any(b.tag in ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6") and len(_text(b)) > 300
               for b in cell.iter()):
            return True
    return False


class _Walker:
    def __init__(self):
        self.items = []
        self.lines = {}
        self.n = 0
        self.buf: list[str] = []
        self.cells = 0
        self.first_h1 = True

    def line(self, text: str):
        self.n += 1
        self.lines[(None, self.n)] = text.replace("\n", " ")
        return _line_source(text, self.n)

    def flush(self, style: str = ""):
        text = _squeeze("".join(self.buf))
        self.buf = []
        if text:
            self.items.append(RawParagraph(self.line(text), style))

    def walk(self, el):
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag == "br":
            self.flush()
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.flush()
            text = _squeeze(el.text_content())
            if text:
                style = f"Heading {tag[1]}"
                if tag == "h1" and self.first_h1:
                    style = ""  # a page's h1 is its title
                    self.first_h1 = False
                self.items.append(RawParagraph(self.line(text), style))
        elif tag == "table" and not _is_layout_table(el):
            self.flush()
            self.table(el)
        elif tag in ("img", "input", "hr"):
            self.flush()
        else:
            block = tag in _BLOCK
            if block:
                self.flush()
            if el.text and tag:
                self.buf.append(el.text)
            for k in el:
                self.walk(k)
                if k.tail:
                    self.buf.append(k.tail)
            if block:
                self.flush()

    def table(self, t):
        rows = [r for r in t.iter("tr") if _own_table(r) is t]
        grid: list[list] = []
        pending: dict = {}  # column -> (remaining rows, source)
        for tr in rows:
            out = []
            col = 0
            cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
            ci = 0
            while ci < len(cells) or col in pending:
                if col in pending:
                    left, src, width = pending[col]
                    out.append(src)
                    if left <= 1:
                        del pending[col]
                    else:
                        pending[col] = (left - 1, src, width)
                    col += width
                    continue
                c = cells[ci]
                ci += 1
                self.cells += 1
                if self.cells > MAX_CELLS:
                    raise _TooBig()
                text = "\n".join(x for x in (_squeeze(s) for s in _cell_lines(c)) if x)
                src = self.line(text)
                span = _int(c.get("colspan"), 1)
                down = _int(c.get("rowspan"), 1)
                out.append(src)
                if down > 1:
                    pending[col] = (down - 1, src, span)
                col += span
            if any(s.text.strip() for s in out):
                grid.append(out)
        if grid:
            self.items.append(RawTable(grid))


class _TooBig(Exception):
    pass


def _own_table(tr):
    p = tr.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def _int(v, default):
    try:
        return max(1, min(int(str(v).strip()), 1000))
    except (TypeError, ValueError):
        return default


def _cell_lines(cell):
    """A cell's text, a line per <p> / <br> / block, as the Word reader joins a cell's paragraphs."""
    out, buf = [], []

    def walk(e):
        tag = e.tag.lower() if isinstance(e.tag, str) else ""
        if tag == "br":
            out.append("".join(buf))
            buf.clear()
            return
        block = tag in _BLOCK and e is not cell
        if block:
            out.append("".join(buf))
            buf.clear()
        if e.text and tag:
            buf.append(e.text)
        for k in e:
            walk(k)
            if k.tail:
                buf.append(k.tail)
        if block:
            out.append("".join(buf))
            buf.clear()
    walk(cell)
    out.append("".join(buf))
    return out


def read_html(data: bytes, opts=None) -> ReadResult:
    res = ReadResult("html")
    declared = None
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head[:1] == b"<":
        found = _mhtml_html(data)
        if found is None:
            res.problems.append(_problem(
                "AL004", "MHTML 网页文件中没有找到网页正文（text/html）：请在浏览器中另存为“网页，仅 HTML”后再检查",
                "the MHTML file holds no text/html part: save the page as HTML only and check that"))
            return res
        data, declared = found
    if len(data) > MAX_HTML_BYTES:
        res.problems.append(_problem(
            "AL009", f"网页过大（{len(data) / 2**20:.0f} MB，上限 {MAX_HTML_BYTES // 2**20} MB），已拒绝读取",
            f"the web page is too large ({len(data) / 2**20:.0f} MB, limit {MAX_HTML_BYTES // 2**20} MB); not read"))
        return res
    import lxml.html  # BSD; installed with python-docx

    text = _XML_DECL.sub("", decode_html(data, declared)).replace("\x00", "")
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # noqa: BLE001 - lxml raises ParserError / ValueError on junk
        res.problems.append(_problem(
            "AL004", f"网页无法解析（{type(exc).__name__}）：请重新保存网页后再检查",
            f"the web page cannot be parsed ({type(exc).__name__}): save it again and check that"))
        return res
    body = root.find("body")
    if body is None:
        body = root
    for el in list(body.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        ident = f"{el.get('class', '')} {el.get('id', '')}"
        if _CHROME.search(ident) and el.tag not in ("body", "html"):
            el.drop_tree()
    w = _Walker()
    try:
        w.walk(_main_content(body))
        w.flush()
    except _TooBig:
        res.problems.append(_problem(
            "AL009", f"网页中的表格单元格超过 {MAX_CELLS:,} 个，已拒绝读取",
            f"the web page holds more than {MAX_CELLS:,} table cells; not read"))
        return res
    res.items = w.items
    res.source_lines = w.lines
    if not res.items:
        res.problems.append(_problem("AL002", "网页中没有文字内容", "the web page holds no text"))
    return res
