"""Tell argument paragraphs from the parts of a document that only frame it.

``kind_of(text, section)`` reads one block as ``heading``, ``reference`` (a bibliography or
works-cited entry), ``footnote``, ``caption`` or ``paragraph``; only paragraphs are scored.
The rules look at form, never at topic: a reference has authors, a year, a title and a
publisher or address; a caption starts "Figure 2", "Table 1" or "Source:"; a footnote starts
with its number; a heading is short and ends no sentence. Blocks in a section headed
"References", "Bibliography", "Notes"… are references or footnotes whatever they look like.
"""

from __future__ import annotations

import re

KINDS = ("paragraph", "heading", "reference", "footnote", "caption")
_REF_SECTIONS = re.compile(
    r"^\s*(references|bibliography|works cited|literature|sources|further reading|"
    r"selected bibliography|reference list)\s*$",
    re.I,
)
_NOTE_SECTIONS = re.compile(r"^\s*(notes|endnotes|footnotes)\s*$", re.I)
_CAPTION = re.compile(
    r"^\s*(figure|fig\.|table|chart|map|graph|exhibit|photo(graph)?|image|source|sources|"
    r"credit|note)s?\s*(\d+[a-z]?|[ivx]+)?\s*[:.–—-]",
    re.I,
)
_FOOTNOTE = re.compile(r"^\s*(\[\d{1,3}\]|\^\d{1,3}|\d{1,3}[.)]?\s+(?=[A-Z\"“(])|[*†‡]\s)")
_NOTE_START = re.compile(r"^\s*(see|ibid|cf\.|op\. cit|quoted in|cited in)\b", re.I)
_YEAR = re.compile(r"\(?(1[89]\d\d|20\d\d)[a-z]?\)?[.,;:]")
_REF_CUES = re.compile(
    r"\b(pp?\.\s*\d|vol\.|no\.\s*\d|doi|https?://|www\.|isbn|press|journal|review|"
    r"quarterly|university|ed(s)?\.|edited by|et al\.|accessed|retrieved|working paper|"
    r"report no|in:)",
    re.I,
)
_AUTHOR = re.compile(r"^[A-Z][\w'’\-]+,\s+(?:[A-Z]\.|[A-Z][a-z]+)")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)。！？]\s*$")


def is_reference(text: str) -> bool:
    """True if ``text`` reads like one bibliography entry (or a run of them)."""
    words = text.split()
    if len(words) > 120:
        return False
    cues = len(_REF_CUES.findall(text))
    years = len(_YEAR.findall(text))
    author = bool(_AUTHOR.match(text))
    return (author and years >= 1 and (cues >= 1 or len(words) < 40)) or (years >= 1 and cues >= 2)


def is_heading(text: str) -> bool:
    """A short line that ends no sentence (``2. Who pays``, ``The garrison``)."""
    words = text.split()
    return 0 < len(words) <= 12 and not _SENTENCE_END.search(text) and text[:1].isalnum()


def kind_of(text: str, section: str = "") -> str:
    """One of ``KINDS`` for a block of text in a section."""
    if _REF_SECTIONS.match(section or ""):
        return "reference"
    if _NOTE_SECTIONS.match(section or ""):
        return "footnote"
    if _CAPTION.match(text) and len(text.split()) <= 60:
        return "caption"
    if is_reference(text):
        return "reference"
    short = len(text.split()) <= 80
    if (
        (_FOOTNOTE.match(text) or _NOTE_START.match(text))
        and short
        and is_reference_like_note(text)
    ):
        return "footnote"
    if is_heading(text):
        return "heading"
    return "paragraph"


def is_reference_like_note(text: str) -> bool:
    """A numbered note that cites (a year, a page, a link, "ibid.", "see")."""
    return bool(
        _YEAR.search(text) or _REF_CUES.search(text) or re.search(r"\b(ibid|see|cf)\b", text, re.I)
    )


def section_kind(title: str) -> str | None:
    """``reference`` or ``footnote`` if a heading opens a section of them, else ``None``."""
    if _REF_SECTIONS.match(title):
        return "reference"
    if _NOTE_SECTIONS.match(title):
        return "footnote"
    return None
