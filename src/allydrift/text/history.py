"""History that means something: grievance against reconciliation, and who raises whose past.

Every sentence of a speech that speaks of the past (the dictionary's history terms, or a
word of war, colonial rule or memory with a grievance or reconciliation cue) is read
as **grievance** (apologies demanded, atrocities, comfort women, forced labour, colonial
rule, denial and revisionism, shrines and textbooks, reparations) or **reconciliation**
(remorse expressed, reconciliation, friendship built on the past, former enemies now
partners, shared remembrance, "never again", looking to the future), or neither. Sentences
naming a state B are "A raises B's past".

``history_sentences()``: per speech and named state, counts of grievance and reconciliation
sentences (cached). The indicators in ``allydrift.indicators.text`` build on it:
``history_grievance`` (directed, A raising B's past as grievance, per 1,000 words) and
``history_wedge`` (undirected: grievance minus reconciliation sentences about each other,
both directions, per 1,000 words; higher = the past divides them more).
"""

from __future__ import annotations

import pandas as pd

from allydrift.text.matching import Lexicon

HISTORY_VERSION = "2"
PER_WORDS = 1000.0
GRIEVANCE = (
    "apolog* (demanded|owed)",
    "(must|should|has yet to|have yet to|refuses to|refused to) apolog*",
    "sincere apolog*",
    "no apolog*",
    "atrocit*",
    "massacre*",
    "comfort wom(a|e)n",
    "sexual slavery",
    "forced labo(u|)r*",
    "forced mobili(s|z)ation",
    "war crim*",
    "crimes against humanity",
    "colonial rule",
    "colonial domination",
    "colonial oppression",
    "colonial exploitation",
    "annexation",
    "occupation",
    "aggression",
    "genocide",
    "denial",
    "deny",
    "denies",
    "denied",
    "distort*",
    "revisionis*",
    "whitewash*",
    "glorif*",
    "yasukuni*",
    "textbook*",
    "reparation*",
    "compensation",
    "victims",
    "suffering",
    "humiliation",
    "injustice*",
    "plunder*",
    "enslave*",
    "slave trade",
    "grievance*",
    "unresolved",
    "wounds",
    "scars",
    "exploitation",
)
RECONCILIATION = (
    "reconcil*",
    "remorse",
    "heartfelt apolog*",
    "deep apolog*",
    "we apolog*",
    "apologi(s|z)ed",
    "contrition",
    "repentance",
    "forgiv*",
    "friendship",
    "former enemies",
    "former adversaries",
    "overcome the past",
    "overcame the past",
    "overcoming the past",
    "turned the page",
    "look to the future",
    "future oriented",
    "shared past",
    "shared history",
    "common history",
    "together",
    "partnership",
    "partners",
    "never again",
    "lessons of (the|that) war",
    "joint commemorat*",
    "commemorat*",
    "remembrance",
    "healing",
    "healed",
    "ally",
    "allies",
    "alliance",
)


PAST = ("war", "wars", "the past", "colonial*", "coloni(s|z)ation", "historic*", "memor*")


def _lexicons() -> tuple[Lexicon, Lexicon]:
    return (
        Lexicon(("grievance", t, 1.0) for t in GRIEVANCE),
        Lexicon(("reconciliation", t, 1.0) for t in RECONCILIATION),
    )


def read_sentence(sentence: str, grievance: Lexicon, reconciliation: Lexicon) -> str:
    """``grievance``, ``reconciliation`` or ``neutral`` for a sentence about the past."""
    g = len(list(grievance.hits(sentence)))
    r = len(list(reconciliation.hits(sentence)))
    if g > r:
        return "grievance"
    if r > g:
        return "reconciliation"
    return "neutral"


def speech_history(text: str, dictionary=None, actors=None) -> list[dict]:
    """History sentences of one text: their reading and the states (ISO3) they name."""
    from allydrift.text.actors import actor_index
    from allydrift.text.dictionary import load_dictionary
    from allydrift.text.segment import sentences

    dictionary = dictionary or load_dictionary()
    actors = actors or actor_index(dictionary)
    history = dictionary.dimensions["history"].lexicon
    grievance, reconciliation = _lexicons()
    past = Lexicon(("past", t, 1.0) for t in PAST)
    out = []
    for sentence in sentences(text):
        about_past = any(h.weight > 0 for h in history.hits(sentence)) or (
            any(True for _ in past.hits(sentence))
            and read_sentence(sentence, grievance, reconciliation) != "neutral"
        )
        if not about_past:
            continue
        named = sorted(set(actors.counts(sentence)))
        out.append(
            {
                "sentence": sentence,
                "reading": read_sentence(sentence, grievance, reconciliation),
                "targets": named,
            }
        )
    return out


def _build() -> pd.DataFrame:
    from allydrift.sources import ungdc
    from allydrift.text.actors import actor_index
    from allydrift.text.dictionary import load_dictionary

    dictionary = load_dictionary()
    actors = actor_index(dictionary)
    speeches = ungdc.load("speeches")
    rows = []
    for sp in speeches.itertuples(index=False):
        for item in speech_history(sp.text, dictionary, actors):
            for target in item["targets"] or [""]:
                rows.append(
                    {
                        "code": sp.code,
                        "iso3": sp.iso3,
                        "ccode": sp.ccode,
                        "year": int(sp.year),
                        "n_words": int(sp.n_words),
                        "target": target,
                        "reading": item["reading"],
                    }
                )
    df = pd.DataFrame(
        rows, columns=["code", "iso3", "ccode", "year", "n_words", "target", "reading"]
    )
    counts = (
        df.groupby(["code", "iso3", "ccode", "year", "n_words", "target", "reading"], dropna=False)
        .size()
        .unstack("reading", fill_value=0)
        .reindex(columns=["grievance", "reconciliation", "neutral"], fill_value=0)
        .reset_index()
    )
    counts.columns.name = None
    counts["ccode"] = counts["ccode"].astype("Int64")
    return counts


def history_sentences() -> pd.DataFrame:
    """Per speech and named state (``target`` ISO3, "" for none): counts of grievance,
    reconciliation and neutral history sentences, with ``n_words`` of the speech. Cached."""
    from allydrift import store
    from allydrift.sources import record_use, ungdc
    from allydrift.text.dictionary import load_dictionary

    record_use(ungdc.SOURCE.id)
    version = f"{HISTORY_VERSION}-{load_dictionary().tag}"
    return store.table("text.history_sentences", ungdc.speech_files(), lambda _: _build(), version)
