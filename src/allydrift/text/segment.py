"""Split text into paragraphs, sentences and passages for scoring and embedding."""

from __future__ import annotations

import re

_PARA_BREAK = re.compile(r"\n[ \t\u00a0]*\n+")
_NUMBERED = re.compile(r"^\s*\d{1,3}\s*[.)]\s+")
_LINE_END = re.compile(r"[.!?:;\"'”’)]\s*$")
_LINE_SHARE = 0.6
_WRAPPED_MIN_LINES = 8
_SHORT_LINE = 0.7
_SENTENCE_LINE_END = re.compile(r"[.!?][\"'”’)]?$")
_ABBREVIATIONS = frozenset(
    str.split(
        "Mr Mrs Ms Dr Prof St No Nos Art Arts Vol pp para paras e.g i.e "
        "etc cf vs Gen Adm Sen Rep Gov Jan Feb Aug Sept Oct Nov Dec"
    )
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[\"'“‘(\[]*[A-Z0-9])")
_INITIALS = re.compile(r"(?:\b[A-Z]\.){1,3}$")
WORD = re.compile(r"[^\W\d_][\w'’\-]*")


def clean(text: str) -> str:
    """Remove a BOM, normalise line ends and non-breaking spaces."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u00a0", " ").replace("\u200b", "")


def flatten(text: str) -> str:
    """One line: every run of whitespace becomes one space."""
    return " ".join(text.split())


def paragraphs(text: str) -> list[str]:
    """Paragraphs: blocks separated by blank lines, numbered lines ("12. …") in speeches, or
    lines that each end a sentence (one paragraph per line).

    Hard-wrapped lines inside a block are joined; leading paragraph numbers are removed.
    """
    blocks = []
    for block in _PARA_BREAK.split(clean(text)):
        lines = [line for line in block.split("\n") if line.strip()]
        numbered = sum(bool(_NUMBERED.match(line)) for line in lines)
        if numbered >= 2:
            blocks.extend(_split_numbered(lines))
        elif _one_per_line(lines):
            blocks.extend(lines)
        else:
            blocks.extend(_split_wrapped(lines))
    out = [flatten(_NUMBERED.sub("", b, count=1)) for b in blocks]
    return [p for p in out if p]


def _split_wrapped(lines: list[str]) -> list[str]:
    """Hard-wrapped lines joined into paragraphs; a sentence-ending line much shorter than
    the usual width closes a paragraph (how scanned speeches of the 1990s–2000s read)."""
    if len(lines) < _WRAPPED_MIN_LINES:
        return [" ".join(lines)]
    width = sorted(len(line.rstrip()) for line in lines)[len(lines) // 2]
    out: list[list[str]] = [[]]
    for line in lines:
        out[-1].append(line)
        text = line.rstrip()
        if _SENTENCE_LINE_END.search(text) and len(text) < _SHORT_LINE * width:
            out.append([])
    return [" ".join(chunk) for chunk in out if chunk]


def _one_per_line(lines: list[str]) -> bool:
    """True if most lines end a sentence: each line is a paragraph, not a wrapped line."""
    ends = sum(bool(_LINE_END.search(line)) for line in lines)
    return len(lines) > 1 and ends >= _LINE_SHARE * len(lines)


def _split_numbered(lines: list[str]) -> list[str]:
    out: list[list[str]] = []
    for line in lines:
        if _NUMBERED.match(line) or not out:
            out.append([line])
        else:
            out[-1].append(line)
    return [" ".join(chunk) for chunk in out]


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph (rule-based; keeps "Mr. Abe" and "U.S. bases" together)."""
    flat = flatten(text)
    if not flat:
        return []
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(flat):
        before = flat[start : m.start() + 1]
        last = before.rsplit(" ", 1)[-1].rstrip(".")
        if last in _ABBREVIATIONS or _INITIALS.search(before):
            continue
        out.append(flat[start : m.end()].strip())
        start = m.end()
    out.append(flat[start:].strip())
    return [s for s in out if s]


def words(text: str) -> list[str]:
    """Word tokens (letters first; numbers are not words)."""
    return WORD.findall(text)


def passages(text: str, max_words: int = 100) -> list[str]:
    """Consecutive sentences packed into passages of at most ``max_words`` words.

    Sentences longer than ``max_words`` are cut into pieces of ``max_words`` words. Used to
    embed long speeches with a model whose inputs are short (MiniLM was trained on 128
    tokens, about 100 words).
    """
    out: list[str] = []
    current: list[str] = []
    size = 0
    for sentence in sentences(text):
        tokens = sentence.split(" ")
        pieces = [tokens[i : i + max_words] for i in range(0, len(tokens), max_words)]
        for piece in pieces:
            if size + len(piece) > max_words and current:
                out.append(" ".join(current))
                current, size = [], 0
            current.extend(piece)
            size += len(piece)
    if current:
        out.append(" ".join(current))
    return out
