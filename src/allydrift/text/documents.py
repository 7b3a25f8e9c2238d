"""Read documents for analysis: plain text, Markdown, HTML or PDF, checked for sense.

Every problem a user can cause — a missing, empty, binary or non-English file — becomes an
``InputError`` that says what was found and what to do, never a traceback.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from allydrift.errors import InputError, MissingExtraError
from allydrift.text.segment import clean, flatten, paragraphs, words

MIN_WORDS = 3
MAX_BYTES = 5_000_000
_SNIFF = 8192


def _set(words_: str) -> frozenset[str]:
    return frozenset(words_.split())


_ENGLISH = _set(
    "the of and to in a is that for it as was with be by on not he i this are or his from "
    "at which but have an they you were her she there been one all we their has would "
    "will can its more who if so our than other into these also may such should them "
    "could what about after between over under most some those when while both because "
    "however"
)
_MIN_ENGLISH_SHARE = 0.12
_MIN_LATIN_SHARE = 0.5
_BLOCK_TAGS = _set(
    "p div li ul ol blockquote section article main h1 h2 h3 h4 h5 h6 tr table hr "
    "figcaption dd dt pre header footer aside nav"
)
_SKIP_TAGS = frozenset(
    ["script", "style", "noscript", "svg", "template", "head", "nav", "footer", "aside", "form"]
)
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])


@dataclass
class Block:
    """A paragraph of a document and the heading of the section it sits in."""

    text: str
    section: str = ""
    kind: str = "paragraph"


@dataclass
class Document:
    """A document ready for analysis."""

    name: str
    format: str
    title: str
    blocks: list[Block]
    notes: list[str] = field(default_factory=list)
    skipped: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)


class _HTMLText(HTMLParser):
    """Collect the visible text of an HTML page as blocks, with section headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.title = ""
        self._buf: list[str] = []
        self._skip = 0
        self._in_title = False
        self._in_heading = False
        self._section = ""

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCK_TAGS:
            self._flush()
            self._in_heading = tag in _HEADINGS

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self._buf.append(data)

    def _flush(self) -> None:
        text = flatten("".join(self._buf))
        self._buf = []
        if not text:
            return
        if self._in_heading:
            self._section = text
            self.title = self.title or text
            self._in_heading = False
            self.blocks.append(Block(text, text, "heading"))
        else:
            self.blocks.append(Block(text, self._section))

    def close(self) -> None:
        super().close()
        self._flush()


def _html_blocks(text: str) -> tuple[str, list[Block]]:
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    return flatten(parser.title), parser.blocks


_MD_RULES = (
    (re.compile(r"```.*?```", re.S), " "),
    (re.compile(r"<!--.*?-->", re.S), " "),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[\^[^\]]*\]:?"), ""),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"<[^>]+>"), " "),
    (re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
)
_MD_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def _markdown_blocks(text: str) -> tuple[str, list[Block]]:
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    title, section, blocks = "", "", []
    for raw in re.split(r"\n\s*\n", text):
        lines = [ln.lstrip("> ").rstrip() for ln in raw.strip().split("\n") if ln.strip()]
        lines = [ln for ln in lines if not re.fullmatch(r"[-=*_|: ]{3,}", ln)]
        if not lines:
            continue
        if lines[0].startswith("#") or (len(lines) == 1 and re.fullmatch(r"[#]+\s.*", lines[0])):
            section = lines[0].lstrip("#").strip()
            title = title or section
            lines = lines[1:]
            blocks.append(Block(section, section, "heading"))
        items: list[list[str]] = [[]]
        for ln in lines:
            if _MD_ITEM.match(ln) and items[-1]:
                items.append([])
            items[-1].append(_MD_ITEM.sub("", ln).replace("|", " "))
        blocks.extend(Block(flatten(" ".join(i)), section) for i in items if i)
    return title, blocks


def _pdf_text(path: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        msg = "pypdf"
        raise MissingExtraError.for_module(msg, "text") from None
    try:
        reader = PdfReader(str(path))
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:  # pypdf raises many error types for damaged files
        msg = f"{path} could not be read as a PDF ({exc}); export it as text"
        raise InputError(msg) from None


def _decode(path: Path, data: bytes, notes: list[str]) -> str:
    if not data.strip():
        msg = (
            f"{path} is empty ({len(data)} bytes): expected a text, Markdown, HTML or PDF "
            "document with at least one paragraph"
        )
        raise InputError(msg)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    head = data[:_SNIFF]
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in head)
    if b"\x00" in head or controls > 0.05 * len(head):
        msg = (
            f"{path} looks like a binary file ({controls} control bytes in its first "
            f"{len(head)}): expected plain text, Markdown, HTML or PDF. Convert it to text first."
        )
        raise InputError(msg)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        notes.append("not valid UTF-8: decoded as Windows-1252")
        return data.decode("cp1252", errors="replace")


def check_english(name: str, text: str) -> None:
    """Raise ``InputError`` if ``text`` does not look like English."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        msg = f"{name} contains no words: expected English prose"
        raise InputError(msg)
    latin = sum(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters) / len(letters)
    if latin < _MIN_LATIN_SHARE:
        msg = (
            f"{name} is not in English: {1 - latin:.0%} of its letters are not Latin script. "
            "allydrift's dictionary and sentence model read English only; translate it first."
        )
        raise InputError(msg)
    tokens = [w.lower() for w in words(text)]
    if len(tokens) >= 12:
        share = sum(t in _ENGLISH for t in tokens) / len(tokens)
        if share < _MIN_ENGLISH_SHARE:
            msg = (
                f"{name} does not look like English: {share:.0%} of its words are common "
                f"English words (English prose has about 40%). allydrift's dictionary and "
                "sentence model read English only; translate it first."
            )
            raise InputError(msg)


def _format_of(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm", ".xhtml"} or re.match(r"\s*<(!doctype html|html)", text, re.I):
        return "html"
    if suffix in {".md", ".markdown"}:
        return "markdown"
    return "text"


def document_from_text(text: str, name: str = "text", fmt: str = "text") -> Document:
    """A ``Document`` from a string in format ``text``, ``markdown`` or ``html``."""
    text = clean(text)
    if fmt == "html":
        title, blocks = _html_blocks(text)
    elif fmt == "markdown":
        title, blocks = _markdown_blocks(text)
    else:
        title, blocks = "", [Block(p) for p in paragraphs(text)]
    blocks = _kinds([Block(html.unescape(b.text), b.section, b.kind) for b in blocks], fmt)
    skipped = [b for b in blocks if b.kind != "paragraph"]
    if blocks:
        check_english(name, " ".join(b.text for b in blocks))
    blocks = [b for b in blocks if b.kind == "paragraph" and len(words(b.text)) >= MIN_WORDS]
    if not blocks:
        msg = f"{name} has no paragraph of at least {MIN_WORDS} words: expected prose to analyse"
        raise InputError(msg)
    return Document(name=name, format=fmt, title=title or name, blocks=blocks, skipped=skipped)


def _kinds(blocks: list[Block], fmt: str) -> list[Block]:
    """Mark headings, references, footnotes and captions (``structure.kind_of``); in plain
    text a heading opens the section of the blocks after it."""
    from allydrift.text.structure import kind_of

    out, section = [], ""
    for b in blocks:
        if b.kind == "heading":
            section = b.section
            out.append(b)
            continue
        sec = b.section if fmt in ("html", "markdown") else section
        kind = kind_of(b.text, sec)
        if kind == "heading" and fmt == "text":
            section = b.text
        out.append(Block(b.text, sec, kind))
    return out


def read_document(path: str | Path, max_bytes: int = MAX_BYTES) -> Document:
    """Read and check one document file (text, Markdown, HTML or PDF) of at most
    ``max_bytes`` bytes."""
    path = Path(path)
    if not path.is_file():
        msg = f"no such file: {path}. Give the path of a text, Markdown or HTML file"
        raise InputError(msg)
    size = path.stat().st_size
    if size > max_bytes:
        msg = (
            f"{path} is {size / 1e6:.1f} MB, more than the limit of {max_bytes / 1e6:g} MB for "
            "one document: split it, or raise the limit with --max-bytes"
        )
        raise InputError(msg)
    data = path.read_bytes()
    if data.startswith(b"%PDF-"):
        doc = document_from_text(_pdf_text(path), path.name, "text")
        doc.format = "pdf"
        return doc
    notes: list[str] = []
    text = _decode(path, data, notes)
    doc = document_from_text(text, path.name, _format_of(path, text))
    doc.notes.extend(notes)
    return doc
