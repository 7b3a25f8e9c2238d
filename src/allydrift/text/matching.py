"""Fast whole-word matching of many dictionary terms at once.

Terms use the syntax documented in ``dictionary_v1.toml``: words separated by spaces (any
run of whitespace or hyphens in the text), a trailing ``*`` for any continuation of a word,
``(a|b)`` alternatives inside a word; lower-case letters match either case, capitals only
capitals (so ``US`` is not "us" and ``Chad`` is not "chad").

A ``Lexicon`` expands the alternatives, folds the terms into a character trie and compiles
that trie into one regular expression without capture groups (Python's ``re`` is slow with
hundreds of plain alternatives or named groups; a trie lets it reject most positions at the
first character). Each match is then mapped back to its term by a dictionary lookup.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from allydrift.errors import InputError

_GROUP = re.compile(r"\(([^()]*)\)")
GAP = r"[\s\-‐‑–]+"
_STAR = r"[\w'’]*"
_END = object()


@dataclass(frozen=True)
class Hit:
    """One match: where it is, which entry it belongs to, its weight and the text."""

    start: int
    end: int
    key: str
    term: str
    weight: float
    text: str


def has_capitals(word: str) -> bool:
    """True for words written with a capital, which must match with exact case."""
    return any(ch.isupper() for ch in word)


def expand(term: str) -> list[str]:
    """All spellings of ``term`` with its ``(a|b)`` alternatives written out."""
    if term.count("(") != term.count(")") or not term.strip():
        msg = f"bad dictionary term '{term}': expected words, '*' and (a|b) groups"
        raise InputError(msg)
    pieces = _GROUP.split(term)
    options = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(pieces)]
    return [" ".join("".join(combo).split()) for combo in itertools.product(*options)]


def _atoms(spelling: str, sensitive: bool) -> tuple[str, ...]:
    """Regex atoms of one spelling: characters, gaps between words and a final star.

    In a case-sensitive spelling capitals must match capitals; lower-case letters match
    either case.
    """
    atoms: list[str] = []
    for i, word in enumerate(spelling.split(" ")):
        if i:
            atoms.append(GAP)
        for ch in word.rstrip("*"):
            if ch in "'’":
                atoms.append("['’]")
            elif sensitive and ch.isalpha() and ch.islower():
                atoms.append(f"[{ch.lower()}{ch.upper()}]")
            else:
                atoms.append(re.escape(ch))
        if word.endswith("*"):
            atoms.append(_STAR)
    return tuple(atoms)


def _order(atom: str) -> int:
    return 2 if atom == _STAR else 1 if atom == GAP else 0


def _emit(node: dict) -> str:
    """A regex for a trie node: literal branches first, then gaps, then stars (longest wins)."""
    branches = [
        atom + _emit(node[atom]) for atom in sorted((a for a in node if a is not _END), key=_order)
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body


def _trie(sequences: Iterable[tuple[str, ...]]) -> dict:
    trie: dict = {}
    for seq in sequences:
        node = trie
        for atom in seq:
            node = node.setdefault(atom, {})
        node[_END] = True
    return trie


def trie_regex(sequences: Iterable[tuple[str, ...]]) -> re.Pattern:
    """One regular expression matching any of the atom ``sequences`` as whole words.

    Sequences that start with a word character get a single leading ``\\b`` (a look-behind
    in every branch would make ``re`` several times slower).
    """
    seqs = list(sequences)
    words = [q for q in seqs if re.match(r"\\?\w|\[", q[0])]
    others = [q for q in seqs if q not in words]
    parts = [f"\\b{_emit(_trie(words))}"] if words else []
    parts += [_emit(_trie(others))] if others else []
    return re.compile(f"(?:{'|'.join(parts)})(?!\\w)")


def normalise_match(text: str) -> str:
    """The lookup key of matched text: lower case, one space between words, ``'``."""
    return " ".join(re.split(GAP, text.replace("’", "'").lower()))


class Lexicon:
    """Terms compiled for fast matching; each match maps back to its ``(key, term, weight)``.

    Parameters
    ----------
    entries
        ``(key, term, weight)`` triples. A weight of 0 marks an exclusion: text it matches
        is consumed but not reported (so "Latin America" is not read as "America").
    """

    def __init__(self, entries: Iterable[tuple[str, str, float]]) -> None:
        self.entries = tuple(dict.fromkeys(entries))
        self._exact: dict[str, int] = {}
        patterns: list[tuple[re.Pattern, int, int]] = []
        plain: list[tuple[str, ...]] = []
        sensitive: list[tuple[str, ...]] = []
        for idx, (_, term, _) in enumerate(self.entries):
            for spelling in expand(term):
                exact_case = has_capitals(spelling)
                spelling = spelling if exact_case else spelling.lower()
                atoms = _atoms(spelling, exact_case)
                (sensitive if exact_case else plain).append(atoms)
                if exact_case or "*" in spelling:
                    patterns.append((re.compile("".join(atoms)), len(spelling), idx))
                else:
                    self._exact.setdefault(spelling, idx)
        self._patterns = sorted(patterns, key=lambda p: -p[1])
        self._plain = trie_regex(plain) if plain else None
        self._plain_i = re.compile(self._plain.pattern, re.I) if self._plain else None
        self._sensitive = trie_regex(sensitive) if sensitive else None

    def _identify(self, text: str) -> int | None:
        idx = self._exact.get(normalise_match(text))
        if idx is not None:
            return idx
        lowered = text.lower()
        for regex, _, i in self._patterns:
            if regex.fullmatch(text) or regex.fullmatch(lowered):
                return i
        return None

    def _raw(self, text: str) -> Iterator[tuple[int, int]]:
        if self._plain is not None:
            lowered = text.lower()
            if len(lowered) == len(text):
                yield from (m.span() for m in self._plain.finditer(lowered))
            else:
                if self._plain_i is None:
                    msg = "the case-insensitive pattern is missing"
                    raise RuntimeError(msg)
                yield from (m.span() for m in self._plain_i.finditer(text))
        if self._sensitive is not None:
            yield from (m.span() for m in self._sensitive.finditer(text))

    def hits(self, text: str) -> Iterator[Hit]:
        """Non-overlapping matches in ``text``, leftmost first, longest at one position."""
        end = -1
        for start, stop in sorted(self._raw(text), key=lambda h: (h[0], h[0] - h[1])):
            if start < end:
                continue
            idx = self._identify(text[start:stop])
            if idx is None:
                continue
            end = stop
            key, term, weight = self.entries[idx]
            if weight > 0:
                yield Hit(start, stop, key, term, weight, text[start:stop])

    def weights(self, text: str) -> dict[str, float]:
        """Total weight of the matches of each key in ``text``."""
        out: dict[str, float] = {}
        for hit in self.hits(text):
            out[hit.key] = out.get(hit.key, 0.0) + hit.weight
        return out
