"""Validation of what a request names: states, dyads and year spans.

Every function raises an ``AllydriftError`` with a message that says what was expected
and what was found; the app turns those into 4xx responses.
"""

from __future__ import annotations

from allydrift.countries import State, resolve
from allydrift.errors import InputError

Span = tuple[int, int] | None
YEAR_MIN, YEAR_MAX = 1800, 2100
MAX_DYADS = 8


def check_span(start: int | None, end: int | None) -> Span:
    """A validated closed year span from optional ``start`` and ``end``."""
    if start is None and end is None:
        return None
    lo = YEAR_MIN if start is None else start
    hi = YEAR_MAX if end is None else end
    for name, value in (("start", lo), ("end", hi)):
        if not YEAR_MIN <= value <= YEAR_MAX:
            msg = f"{name} must be a year in {YEAR_MIN}–{YEAR_MAX}; got {value}"
            raise InputError(msg)
    if lo > hi:
        msg = f"start must not be after end; got start={lo}, end={hi}"
        raise InputError(msg)
    return (lo, hi)


def clamp_span(years: Span, first: int, last: int) -> Span:
    """``years`` cut to the years with data (``first``–``last``), so that spans that select
    the same rows share one cache entry; a span with no year of data is left as it is (and
    gets its clear 404 from the data)."""
    if years is None:
        return None
    lo, hi = max(years[0], first), min(years[1], last)
    return (lo, hi) if lo <= hi else years


def span_query(years: Span) -> dict[str, int | None]:
    """``years`` as the ``start``/``end`` parameters of a URL (nothing if ``None``)."""
    return {} if years is None else {"start": years[0], "end": years[1]}


def form_year(text: str | None, name: str) -> int | None:
    """A year typed into a form: empty means not given."""
    if text is None or not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        msg = f"{name} must be a year such as 1990; got {text!r}"
        raise InputError(msg) from None


def resolve_state(identifier: str) -> State:
    """The state named by ``identifier`` (name, ISO2/ISO3 or COW code)."""
    text = identifier.strip()
    if not text or len(text) > 60:
        shown = repr(text) if len(text) <= 60 else f"{len(text):,} characters"
        msg = f"a state is a name, ISO3 code or COW code of 1–60 characters; got {shown}"
        raise InputError(msg)
    state = resolve(text)
    if state.ccode is None:
        msg = (
            f"{state} has no Correlates of War code, which the indicators need; "
            "choose a state of the COW system."
        )
        raise InputError(msg)
    return state


def resolve_pair(a: str, b: str) -> tuple[State, State]:
    """Two different states."""
    sa, sb = resolve_state(a), resolve_state(b)
    if sa.ccode == sb.ccode:
        msg = f"a dyad needs two different states; got {sa} twice"
        raise InputError(msg)
    return sa, sb


def parse_dyads(text: str) -> list[tuple[State, State]]:
    """Dyads written ``USA-JPN,USA-KOR`` (at most ``MAX_DYADS``; repeats count once)."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        msg = "dyads expects pairs like USA-JPN,USA-KOR; got nothing"
        raise InputError(msg)
    if len(parts) > MAX_DYADS:
        msg = f"at most {MAX_DYADS} dyads can be compared at once; got {len(parts)}"
        raise InputError(msg)
    out: list[tuple[State, State]] = []
    for part in parts:
        sides = part.split("-")
        if len(sides) != 2:
            msg = f"a dyad is written A-B, e.g. USA-JPN; got {part[:60]!r}"
            raise InputError(msg)
        pair = resolve_pair(*sides)
        if all((pair[0].ccode, pair[1].ccode) != (a.ccode, b.ccode) for a, b in out):
            out.append(pair)
    return out
