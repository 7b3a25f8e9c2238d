"""``python -m allydrift.text.labels show``: print the selected paragraphs for labelling.

Reads each paragraph from the cached UN General Debate speeches and checks its sha256.
``show`` prints one line per paragraph (``id<TAB>text``); ``show --blocks`` prints wrapped
blocks for reading; ``--ids a,b`` restricts to some ids. ``agreement`` prints Cohen's kappa
of the two passes; ``gold`` rebuilds ``gold.tsv`` from them (``agreement.adjudicate``);
``train`` fits the classifier; ``evaluate`` scores it on the frozen test split.
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
    sub.add_parser("agreement", help="Cohen's kappa of pass 1 and pass 2")
    sub.add_parser("gold", help="write gold.tsv from pass 1 and pass 2")
    sub.add_parser("train", help="fit the classifier on the train split; write its weights")
    sub.add_parser("evaluate", help="macro-F1 on the frozen test split, with the dictionary")
    args = parser.parse_args(argv)
    if args.command in ("agreement", "gold"):
        return _passes(args.command)
    if args.command in ("train", "evaluate"):
        return _model(args.command)
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


def _model(command: str) -> int:
    import json

    from allydrift.text.labels import evaluate as ev

    data = ev.label_features()
    if command == "train":
        weights = ev.fit(data)
        weights.save(ev.weights_path())
        print(f"wrote weights for {weights.model} to {ev.weights_path()}")
    result = ev.evaluate(ev.fit(data) if command == "train" else None, data)
    print(f"test split: {result['n_test']} paragraphs (train: {result['n_train']})")
    print(result.pop("table").to_string(index=False))
    print(json.dumps(result, indent=1))
    return 0


def _passes(command: str) -> int:
    from pathlib import Path

    from allydrift.text.labels import agreement as ag

    p1, p2 = ag.read_pass("pass1.tsv"), ag.read_pass("pass2.tsv")
    if command == "agreement":
        print(ag.agreement(p1, p2).to_string(index=False))
        return 0
    gold = ag.adjudicate(p1, p2)
    gold = gold.assign(split=[ag.split_of(i) for i in gold["id"]])
    path = Path(__file__).with_name("gold.tsv")
    header = "# Gold labels: pass 1 and pass 2 adjudicated (agreement.adjudicate); split frozen.\n"
    text = ag.to_tsv(gold).splitlines()
    text = [text[0] + "\tsplit"] + [
        line + "\t" + s for line, s in zip(text[1:], gold["split"], strict=True)
    ]
    path.write_text(header + "\n".join(text) + "\n", encoding="utf-8")
    print(f"wrote {len(gold)} gold labels to {path} ({(gold['split'] == 'test').sum()} test)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
