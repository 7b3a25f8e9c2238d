"""``python -m allydrift.text.labels show``: print the selected paragraphs for labelling.

Reads each paragraph from the cached UN General Debate speeches and checks its sha256.
``show`` prints one line per paragraph (``id<TAB>text``); ``show --blocks`` prints wrapped
blocks for reading; ``--ids a,b`` restricts to some ids.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from allydrift.errors import AllydriftError


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    from allydrift.text.labels import load_selection, paragraph_texts

    parser = argparse.ArgumentParser(prog="python -m allydrift.text.labels")
    sub = parser.add_subparsers(dest="command", required=True)
    show = sub.add_parser("show", help="print id and text of every selected paragraph")
    show.add_argument("--blocks", action="store_true", help="wrapped blocks, not TSV lines")
    show.add_argument("--ids", default="", help="comma-separated ids (default: all)")
    args = parser.parse_args(argv)
    try:
        sel = load_selection()
        if args.ids:
            wanted = set(args.ids.split(","))
            sel = sel[sel["id"].isin(wanted)]
        rows = paragraph_texts(sel)
    except AllydriftError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for row in rows.itertuples(index=False):
        if args.blocks:
            print(f"=== {row.id} ({row.n_words} words)")
            print(textwrap.fill(row.text, 78))
            print()
        else:
            print(f"{row.id}\t{row.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
