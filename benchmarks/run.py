"""Speed measurements, each against a reference measured in the same process and run.

    python benchmarks/run.py [--repeats 3] [--copies 4] [--models fast accurate] [--out benchmarks/RESULTS.md]

Sections: import time (against a bare interpreter), extraction (against spaCy alone), the
classifier (against the raw encoder and transformers.pipeline), end to end (against
extraction alone); each with median, spread, peak memory and the machine.

Extraction: words/s of ``Extractor.pipe`` against spaCy's own ``nlp.pipe`` with the same
pipeline over the same texts (the parser is the floor). Reported as a ratio; absolute
numbers depend on the machine and are printed for context only.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def machine() -> dict[str, str]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        flags = next((ln for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("flags")), "")
    except OSError:
        flags = ""
    from importlib import metadata

    info = {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "avx512": str("avx512f" in flags),
        "amx_bf16": str("amx_bf16" in flags),
        "avx512_bf16": str("avx512_bf16" in flags),
        "python": platform.python_version(),
    }
    for pkg in ("nato-stance", "spacy", "torch", "transformers"):
        try:
            info[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            info[pkg] = "absent"
    return info


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux: ru_maxrss in KiB)."""
    import resource

    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 2**20


def bench_import(repeats: int) -> list[dict]:
    """`import stance` in a fresh interpreter against a bare interpreter start (the reference)."""
    import subprocess

    def start(code: str):
        def go():
            subprocess.run([sys.executable, "-c", code], check=True, cwd=str(ROOT))

        return go

    ref = timed(start("pass"), max(repeats, 5))
    ours = timed(start("import stance"), max(repeats, 5))
    full = timed(start("import stance.extraction, stance.classify._model"), max(repeats, 5))
    rows = []
    for name, ts in (
        ("bare interpreter (reference)", ref),
        ("import stance", ours),
        ("import stance + extraction + classifier modules (spaCy, torch)", full),
    ):
        med = statistics.median(ts)
        rows.append({"name": name, "median_s": med, "spread_s": max(ts) - min(ts), "rate": 1 / med, "ratio": statistics.median(ref) / med})
    return [{"section": f"Import time (fresh interpreter, {max(repeats, 5)} repeats after 1 warm-up)", "unit": "starts/s", "rows": rows}]


def bench_end_to_end(name: str, repeats: int, limit: int | None) -> list[dict]:
    """stance.analyze (extraction + classification) on the gold articles, against extraction alone."""
    from stance._analyze import analyze
    from stance.classify import load
    from stance.data import load_articles
    from stance.extraction import Extractor

    texts = [a.text for a in load_articles()][:limit]
    ex = Extractor()
    clf = load(name)
    n_statements = sum(len(ex.extract(t)) for t in texts)

    def extraction():
        for t in texts:
            ex.extract(t)

    def end_to_end():
        for t in texts:
            analyze(t, model=clf, extractor=ex)

    ref = timed(extraction, repeats)
    ours = timed(end_to_end, repeats)
    rows = []
    for label, ts in (("extraction alone (reference)", ref), (f"stance.analyze, '{name}' model", ours)):
        med = statistics.median(ts)
        rows.append(
            {
                "name": f"{label}; {n_statements / med:,.1f} statements/s",
                "median_s": med,
                "spread_s": max(ts) - min(ts),
                "rate": len(texts) / med,
                "ratio": statistics.median(ref) / med,
            }
        )
    return [
        {
            "section": f"End to end '{name}' ({len(texts)} gold articles, {n_statements} statements, {repeats} repeats after 1 warm-up)",
            "unit": "articles/s",
            "rows": rows,
        }
    ]


def timed(fn, repeats: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def bench_extraction(repeats: int, copies: int, limit: int | None = None) -> list[dict]:
    import spacy

    from stance.data import load_articles
    from stance.extraction import DEFAULT_PIPELINE, Extractor

    texts = [a.text for a in load_articles()][:limit] * copies
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load(DEFAULT_PIPELINE)
    ex = Extractor()
    _ = ex.nlp  # load the pipeline before timing

    def spacy_alone():
        for _ in nlp.pipe(texts, batch_size=16):
            pass

    def extraction():
        for _ in ex.pipe(texts):
            pass

    ref = timed(spacy_alone, repeats)
    ours = timed(extraction, repeats)
    rows = []
    for name, ts in (("spaCy nlp.pipe (reference)", ref), ("stance Extractor.pipe", ours)):
        med = statistics.median(ts)
        rows.append(
            {
                "name": name,
                "median_s": med,
                "spread_s": max(ts) - min(ts),
                "rate": words / med,
                "ratio": statistics.median(ref) / med,
            }
        )
    return [
        {
            "section": f"Extraction ({len(texts)} articles, {words} words, {repeats} repeats after 1 warm-up)",
            "unit": "words/s",
            "rows": rows,
        }
    ]


def bench_classifier(name: str, repeats: int, n: int) -> list[dict]:
    """StanceClassifier.predict vs the raw encoder forward pass (the floor) vs a
    transformers.pipeline over equivalent merged weights (what a user would otherwise write)."""
    import tempfile

    import torch
    from transformers import AutoModelForSequenceClassification, pipeline

    from stance.classify import load
    from stance.classify._model import format_input
    from stance.data import load_corpus

    clf = load(name)
    rows = [dict(r) for r in load_corpus()["test"].select(range(n))]
    texts = [r["text"] for r in rows]
    ctx = [r["context"] for r in rows]
    target = clf.config.target

    enc_batches = []
    order = sorted(range(n), key=lambda i: len(texts[i]) + len(ctx[i]))
    for start in range(0, n, 32):
        idx = order[start : start + 32]
        enc, _ = clf._encode([format_input(target, texts[i]) for i in idx], [ctx[i] for i in idx])
        enc_batches.append(enc)

    def raw_encoder():
        with torch.inference_mode():
            for enc in enc_batches:
                clf.net.encoder(**enc)

    def predict():
        clf.predict(texts, contexts=ctx, batch_size=32, show_progress_bar=False)

    with tempfile.TemporaryDirectory() as tmp:
        seq = AutoModelForSequenceClassification.from_pretrained(clf.base_dir, num_labels=3, local_files_only=True)
        base_prefix = seq.base_model_prefix
        getattr(seq, base_prefix).load_state_dict(clf.net.encoder.state_dict(), strict=False)
        seq.save_pretrained(tmp, safe_serialization=True)
        clf.tokenizer.save_pretrained(tmp)
        pipe = pipeline("text-classification", model=tmp, tokenizer=tmp, device=-1, truncation=True, max_length=clf.config.max_length)
        pairs = [{"text": format_input(target, t), "text_pair": c} for t, c in zip(texts, ctx, strict=True)]

        def hf_pipeline():
            pipe(pairs)

        ref = timed(raw_encoder, repeats)
        ours = timed(predict, repeats)
        pip_t = timed(hf_pipeline, repeats)
    rows_out = []
    for label, ts in (
        ("raw encoder forward (floor, reference)", ref),
        ("transformers.pipeline, merged weights", pip_t),
        (f"StanceClassifier.predict ({clf.precision})", ours),
    ):
        med = statistics.median(ts)
        rows_out.append(
            {"name": label, "median_s": med, "spread_s": max(ts) - min(ts), "rate": n / med, "ratio": statistics.median(ref) / med}
        )
    vs_pipe = statistics.median(pip_t) / statistics.median(ours)
    return [
        {
            "section": f"Classifier '{name}' ({clf.config.base}; {n} test statements with context, {repeats} repeats after 1 warm-up; predict is {vs_pipe:.2f}x the pipeline)",
            "unit": "statements/s",
            "rows": rows_out,
        }
    ]


def to_markdown(sections: list[dict], info: dict[str, str]) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Reproduce: `" + " ".join(["python benchmarks/run.py", *sys.argv[1:]]) + "`",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()),
        "",
        "Every figure is also a ratio to the reference measured in the same run (higher is faster); "
        "peak RSS is the process's peak resident memory once the section finished (one process runs every section).",
        "",
    ]
    for sec in sections:
        lines += [
            f"## {sec['section']}",
            "",
            f"Peak RSS after this section: {sec.get('peak_rss_mb', 0):,.0f} MB",
            "",
            f"| | median (s) | spread (s) | {sec['unit']} | ratio to reference |",
            "|---|---|---|---|---|",
        ]
        for r in sec["rows"]:
            lines.append(f"| {r['name']} | {r['median_s']:.2f} | {r['spread_s']:.2f} | {r['rate']:,.0f} | {r['ratio']:.2f}x |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--copies", type=int, default=4, help="how many times the gold articles are repeated")
    ap.add_argument("--limit", type=int, help="only the first N gold articles (a quick smoke run)")
    ap.add_argument("--models", nargs="*", default=["fast", "accurate"], help="shipped classifiers to measure")
    ap.add_argument("--statements", type=int, default=256, help="test statements per classifier run")
    ap.add_argument("--articles", type=int, default=20, help="gold articles in the end-to-end run")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = ap.parse_args()
    sections: list[dict] = []

    def add(new: list[dict]) -> None:
        for sec in new:
            sec["peak_rss_mb"] = peak_rss_mb()
        sections.extend(new)

    add(bench_import(args.repeats))
    add(bench_extraction(args.repeats, args.copies, args.limit))
    for name in args.models:
        add(bench_classifier(name, args.repeats, args.statements))
    for name in args.models:
        add(bench_end_to_end(name, args.repeats, args.articles))
    md = to_markdown(sections, machine())
    args.out.write_text(md + "\n", encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
