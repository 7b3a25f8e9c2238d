"""Named actors: the dictionary's actors plus every state by the names the resolver knows.

The dictionary lists the actors of the drift debate with their demonyms and capitals
("Chinese", "Pyongyang", "Washington"); other states are found by their names in the state
lists (COW, G-W, ISO and Voeten's names), written with a capital so that "Chad" is not
"chad". A name two states share is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from allydrift.errors import AllydriftError
from allydrift.text.dictionary import Dictionary, load_dictionary
from allydrift.text.matching import Hit, Lexicon

MIN_NAME = 4


@dataclass(frozen=True)
class ActorIndex:
    """A compiled actor matcher: hit keys are ISO3 codes (or actor keys without one)."""

    lexicon: Lexicon
    labels: dict[str, str]
    complete: bool

    def hits(self, text: str) -> list[Hit]:
        """Actor mentions in ``text``."""
        return list(self.lexicon.hits(text))

    def counts(self, text: str) -> dict[str, int]:
        """Number of mentions of each actor in ``text``."""
        out: dict[str, int] = {}
        for hit in self.lexicon.hits(text):
            out[hit.key] = out.get(hit.key, 0) + 1
        return out


def _state_names(skip: set[str]) -> tuple[list[tuple[str, str, float]], dict[str, str]]:
    """Lexicon entries and labels for every state by name (not the dictionary's actors)."""
    from allydrift.countries import states

    owners: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    table = states().dropna(subset=["iso3"])
    for row in table.itertuples(index=False):
        if row.iso3 in skip:
            continue
        labels.setdefault(row.iso3, row.name)
        for name in [row.name, *row.names]:
            if _usable(name):
                owners.setdefault(name, set()).add(row.iso3)
    entries = [(next(iter(o)), n, 1.0) for n, o in owners.items() if len(o) == 1]
    return entries, labels


def _usable(name: str) -> bool:
    return (
        len(name) >= MIN_NAME
        and name[0].isupper()
        and any(c.islower() for c in name)
        and not any(c in name for c in "(),*|")
    )


@cache
def _index(tag: str, with_states: bool) -> ActorIndex:
    return build_index(load_dictionary(), with_states)


def build_index(dictionary: Dictionary, with_states: bool = True) -> ActorIndex:
    """An actor index for ``dictionary``; ``with_states`` adds every state by name.

    If the state lists are not in the cache, only the dictionary's actors are used and
    ``complete`` is False.
    """
    keyed = {a.key: a.iso3 or a.key for a in dictionary.actors.values()}
    entries = [(keyed[key], term, w) for key, term, w in dictionary.actor_entries()]
    labels = {keyed[a.key]: a.label for a in dictionary.actors.values()}
    complete = True
    if with_states:
        try:
            extra, extra_labels = _state_names(set(labels))
        except AllydriftError:
            extra, extra_labels, complete = [], {}, False
        entries += extra
        labels.update(extra_labels)
    return ActorIndex(Lexicon(entries), labels, complete)


def actor_index(dictionary: Dictionary | None = None, with_states: bool = True) -> ActorIndex:
    """The (cached) actor index of ``dictionary`` (default: the packaged one)."""
    if dictionary is None or dictionary is load_dictionary():
        return _index(load_dictionary().tag, with_states)
    return build_index(dictionary, with_states)
