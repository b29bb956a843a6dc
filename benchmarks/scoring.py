"""Corpus scoring: does peak memory stay flat as the corpus grows, and what do two parser
processes buy over one?

    python benchmarks/scoring.py [--sizes 10000 100000] [--model fast] [--worker-docs 240] [--out benchmarks/SCORING.md]

Memory: each size runs `stance score` in a fresh process on generated documents (short
synthetic news items built from a few fixed sentences with varying names and numbers: a
load test, not training data) and reports the process's peak RSS; the largest size is
compared with the smallest (goal: within 15%).

Workers: the project's gold articles, repeated, scored with --workers 1 (the reference)
and --workers 2, wall time in one run on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_SURNAMES = ["Halden", "Moreau", "Kowal", "Brandt", "Oyelaran", "Sato", "Varga", "Lindqvist", "Ferreira", "Novak"]


def _doc(i: int) -> dict:
    name = _SURNAMES[i % len(_SURNAMES)]
    if i % 20 == 0:
        text = f"Councillor {name} said the depot on route {i % 97} would reopen on Monday."
    else:
        text = f"Traffic on route {i % 97} was light on day {i % 365}, and the ferry left at {i % 12 + 1} o'clock."
    return {"id": f"g{i}", "text": text, "date": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}"}


def child(args: argparse.Namespace) -> int:
    import resource

    from stance.scoring import score_file

    t = time.perf_counter()
    s = score_file(
        args.input,
        args.output,
        model=args.model,
        date_col="date",
        chunk_size=args.chunk_size,
        workers=args.workers,
        quiet=True,
        overwrite=True,
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak_rss_mb": rss, "seconds": time.perf_counter() - t, "documents": s.documents, "statements": s.statements}))
    return 0


def _run_child(inp: Path, out: Path, model: str, workers: int, chunk: int) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        "--input",
        str(inp),
        "--output",
        str(out),
        "--model",
        model,
        "--workers",
        str(workers),
        "--chunk-size",
        str(chunk),
    ]
    r = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-3000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    ap.add_argument("--model", default="fast")
    ap.add_argument("--worker-docs", type=int, default=240, help="gold-article documents in the workers comparison")
    ap.add_argument("--chunk-size", type=int, default=256)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "SCORING.md")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--output", help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args)

    from stance.data import load_articles

    lines = [
        "# Corpus scoring benchmark",
        "",
        "Reproduce: `" + " ".join(["python benchmarks/scoring.py", *sys.argv[1:]]) + "`",
        "",
        f"Machine: {os.cpu_count()} cores; model '{args.model}'; chunk size {args.chunk_size}.",
        "",
        "## Peak memory against corpus size (generated documents, one process each)",
        "",
        "| documents | statements | seconds | peak RSS (MB) | ratio to smallest |",
        "|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        base = None
        for n in sorted(args.sizes):
            inp = t / f"gen{n}.jsonl"
            with open(inp, "w", encoding="utf-8") as f:
                for i in range(n):
                    f.write(json.dumps(_doc(i)) + "\n")
            r = _run_child(inp, t / f"out{n}.jsonl", args.model, 1, args.chunk_size)
            base = base or r["peak_rss_mb"]
            lines.append(f"| {n:,} | {r['statements']:,} | {r['seconds']:.0f} | {r['peak_rss_mb']:,.0f} | {r['peak_rss_mb'] / base:.3f} |")
            print(lines[-1], flush=True)
        lines += [
            "",
            f"## Parser processes ({args.worker_docs} gold-article documents)",
            "",
            "| workers | seconds | documents/s | speed-up vs 1 worker |",
            "|---|---|---|---|",
        ]
        arts = [a.text for a in load_articles()]
        inp = t / "articles.jsonl"
        with open(inp, "w", encoding="utf-8") as f:
            for i in range(args.worker_docs):
                f.write(json.dumps({"id": f"a{i}", "text": arts[i % len(arts)], "date": "2020-01-01"}) + "\n")
        ref = None
        for w in (1, 2):
            r = _run_child(inp, t / f"w{w}.jsonl", args.model, w, 32)
            ref = ref or r["seconds"]
            lines.append(f"| {w} | {r['seconds']:.1f} | {r['documents'] / r['seconds']:.2f} | {ref / r['seconds']:.2f}x |")
            print(lines[-1], flush=True)
    lines += ["", "Peak RSS of the worker runs counts the main process only (the parser processes are separate)."]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
