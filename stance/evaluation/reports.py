"""The files an evaluation writes: ``results.json`` (stamped), ``report.md``, ``errors.csv``
and PNG plots (confusion matrices, reliability diagrams)."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .classification import Comparison, EvaluationResult
from .provenance import stamp
from .registry import EvalSet

__all__ = ["extraction_summary_lines", "summary_lines", "write_extraction_report", "write_report"]


def _fmt_ci(v: float, ci: Sequence[float]) -> str:
    return f"{v:.3f} ({ci[0]:.3f}–{ci[1]:.3f})"


def _plot_confusion(res: EvaluationResult, path: Path) -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4 + 0.4 * len(res.labels), 3.5 + 0.4 * len(res.labels)))
    ax = fig.add_subplot()
    m = [list(r) for r in res.confusion]
    ax.imshow(m, cmap="Blues")
    ax.set_xticks(range(len(res.labels)), res.labels, rotation=30, ha="right")
    ax.set_yticks(range(len(res.labels)), res.labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    top = max((max(r) for r in m), default=0)
    for i, row in enumerate(m):
        for j, v in enumerate(row):
            ax.text(j, i, str(v), ha="center", va="center", color="white" if v > top / 2 else "black")
    ax.set_title(f"{res.system} · {res.head} (n={res.n})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def _plot_reliability(res: EvaluationResult, path: Path, min_count: int = 5) -> None:
    """Bars: accuracy per confidence bin (width = the bin). Line: accuracy at each bin's mean
    confidence, for bins with at least ``min_count`` items, each labelled with its count."""
    from matplotlib.figure import Figure

    from .metrics import reliability_points

    fig = Figure(figsize=(4.5, 4.5))
    ax = fig.add_subplot()
    bins = [b for b in res.reliability if b["count"]]
    ax.bar(
        [(b["lo"] + b["hi"]) / 2 for b in bins],
        [b["accuracy"] for b in bins],
        width=[b["hi"] - b["lo"] for b in bins],
        alpha=0.35,
        edgecolor="C0",
        label="accuracy per confidence bin",
    )
    ax.plot([0, 1], [0, 1], "k--", lw=1, label="perfect calibration")
    pts = reliability_points(res.reliability, min_count=min_count)
    if pts:
        ax.plot([x for x, _, _ in pts], [y for _, y, _ in pts], "o-", color="C3", label=f"accuracy at mean confidence (bins ≥ {min_count})")
        for x, y, n in pts:
            ax.annotate(str(n), (x, y), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=6)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    ax.set_title(f"{res.system} · {res.head} · ECE {res.ece:.3f}")
    ax.legend(loc="upper left", fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def _slug(s: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in s)


def summary_lines(es: EvalSet, results: Sequence[EvaluationResult]) -> list[str]:
    """The headline table for each head: one row per system."""
    lines: list[str] = []
    for head in dict.fromkeys(r.head for r in results):
        rs = [r for r in results if r.head == head]
        focus = f" F1 {es.focus} |" if es.focus else ""
        lines += [
            f"## {head}",
            "",
            f"| system | n | skipped | macro-F1 (95% CI) | accuracy (95% CI) |{focus} ECE |",
            "|---|---|---|---|---|---|" + ("---|" if focus else ""),
        ]
        for r in rs:
            ece = f"{r.ece:.3f}" if r.ece is not None else "–"
            fx = f" {r.f1_of(es.focus):.3f} |" if es.focus else ""
            lines.append(
                f"| {r.system} | {r.n} | {r.skipped} | {_fmt_ci(r.macro_f1, r.macro_f1_ci)} | {_fmt_ci(r.accuracy, r.accuracy_ci)} |{fx} {ece} |"
            )
        lines.append("")
    return lines


def write_report(
    out: str | Path,
    es: EvalSet,
    results: Sequence[EvaluationResult],
    *,
    comparisons: Sequence[Comparison] = (),
    end_to_end: Mapping[str, Any] | None = None,
    stamp_info: Mapping[str, Any] | None = None,
    plots: bool = True,
) -> dict[str, Path]:
    """Write ``results.json``, ``report.md``, ``errors.csv`` and (with matplotlib) PNG plots.
    A third-party set's texts stay out of the files: its error lists are left out."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    payload = {
        "stamp": dict(stamp_info or stamp()),
        "data": {"name": es.name, "rows": len(es.rows), "heads": list(es.heads), "mapping": es.mapping, "zero_shot": es.zero_shot},
        "results": [r.to_dict() if es.redistributable else {k: v for k, v in r.to_dict().items() if k != "errors"} for r in results],
        "comparisons": [c.to_dict() for c in comparisons],
        "end_to_end": dict(end_to_end) if end_to_end else None,
    }
    written = {"results": folder / "results.json", "report": folder / "report.md", "errors": folder / "errors.csv"}
    written["results"].write_text(json.dumps(payload, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    written["report"].write_text("\n".join(_report_lines(es, results, comparisons, end_to_end, payload["stamp"])), encoding="utf-8")
    _write_errors(written["errors"], results if es.redistributable else ())
    if plots:
        written.update(_write_plots(folder, results))
    return written


def _report_lines(
    es: EvalSet,
    results: Sequence[EvaluationResult],
    comparisons: Sequence[Comparison],
    end_to_end: Mapping[str, Any] | None,
    st: Mapping[str, Any],
) -> list[str]:
    lines = [
        f"# Evaluation on {es.name}",
        "",
        f"Made {st.get('time')} from commit `{st.get('git_commit')}`; {len(es.rows)} rows."
        + (" Zero-shot transfer." if es.zero_shot else ""),
        "",
    ]
    if es.mapping:
        lines += [f"Label mapping: {es.mapping}.", ""]
    for head in dict.fromkeys(r.head for r in results):
        rs = [r for r in results if r.head == head]
        lines += [*summary_lines(es, rs), ""]
        for r in rs:
            lines += [f"### {r.system} · {head}: per class", "", "| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
            lines += [f"| {c.label} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.support} |" for c in r.per_class]
            lines.append("")
            for col, groups in r.breakdowns.items():
                lines += [f"By {col}: " + "; ".join(f"{v} {g['macro_f1']:.2f} (n={g['n']})" for v, g in list(groups.items())[:12]), ""]
    for c in comparisons:
        lines += [
            f"Paired bootstrap, {c.head} ({c.resamples} resamples, n={c.n}): {c.b} − {c.a} {c.metric} = {c.difference:+.3f} "
            f"(95% CI {c.ci[0]:+.3f} to {c.ci[1]:+.3f}; share of resamples where {c.b} is not better: {c.p_not_better:.3f})",
            "",
        ]
    if end_to_end:
        e = end_to_end
        lines += [
            "## End to end on the gold articles",
            "",
            f"Span overlap + speaker + stance: P {_fmt_ci(e['precision'], e['precision_ci'])}, R {_fmt_ci(e['recall'], e['recall_ci'])}, "
            f"F1 {_fmt_ci(e['f1'], e['f1_ci'])}; {e['n_right']} right of {e['n_predicted']} predicted / {e['n_gold']} gold.",
            "",
        ]
    if not es.redistributable:
        lines += [f"The error list is not written: {es.name} is a third-party set whose texts stay out of the project.", ""]
    return lines


def _write_errors(path: Path, results: Sequence[EvaluationResult]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["system", "head", "id", "gold", "predicted", "confidence", "text"])
        for r in results:
            for e in r.errors:
                conf = "" if e["confidence"] is None else f"{e['confidence']:.3f}"
                w.writerow([r.system, r.head, e["id"], e["gold"], e["predicted"], conf, e["text"]])


def _write_plots(folder: Path, results: Sequence[EvaluationResult]) -> dict[str, Path]:
    written = {}
    for r in results:
        base = f"{_slug(r.system)}_{r.head}"
        p = folder / f"confusion_{base}.png"
        _plot_confusion(r, p)
        written[f"confusion_{base}"] = p
        if r.ece is not None and any(b["count"] for b in r.reliability):
            p = folder / f"reliability_{base}.png"
            _plot_reliability(r, p)
            written[f"reliability_{base}"] = p
    return written


def write_extraction_report(out: str | Path, name: str, result: Any, *, stamp_info: Mapping[str, Any] | None = None) -> dict[str, Path]:
    """``results.json`` and ``report.md`` for an extraction evaluation (PolNeAR, gold articles)."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    payload = {"stamp": dict(stamp_info or stamp()), "data": {"name": name}, "extraction": result.to_dict()}
    p = folder / "results.json"
    p.write_text(json.dumps(payload, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    r = result
    spk = "–" if r.speaker_accuracy is None else f"{r.speaker_accuracy:.3f}"
    men = "–" if r.mention_accuracy is None else f"{r.mention_accuracy:.3f}"
    lines = [
        f"# Extraction on {name}",
        "",
        f"Made {payload['stamp'].get('time')} from commit `{payload['stamp'].get('git_commit')}`.",
        "",
        "| documents | gold | predicted | span P | span R (95% CI) | span F1 (95% CI) | speaker acc. | mention acc. |",
        "|---|---|---|---|---|---|---|---|",
        f"| {r.n_documents} | {r.n_gold} | {r.n_predicted} | {r.precision:.3f} | {r.recall:.3f} ({r.recall_ci[0]:.3f}–{r.recall_ci[1]:.3f}) "
        f"| {r.f1:.3f} ({r.f1_ci[0]:.3f}–{r.f1_ci[1]:.3f}) | {spk} | {men} |",
        "",
    ]
    q = folder / "report.md"
    q.write_text("\n".join(lines), encoding="utf-8")
    return {"results": p, "report": q}


def extraction_summary_lines(label: str, r: Any) -> list[str]:
    """The command line's summary of an extraction evaluation."""

    def pct(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.3f}"

    lines = [
        f"{label}: {r.n_documents} documents, {r.n_gold} gold, {r.n_predicted} predicted statements",
        f"  span precision {pct(r.precision)}  recall {pct(r.recall)} (95% CI {r.recall_ci[0]:.3f}-{r.recall_ci[1]:.3f})  "
        f"F1 {pct(r.f1)} (95% CI {r.f1_ci[0]:.3f}-{r.f1_ci[1]:.3f})",
        f"  speaker accuracy {pct(r.speaker_accuracy)} over {r.speaker_evaluated} matched statements",
        f"  speaker-mention accuracy {pct(r.mention_accuracy)} over {r.mention_evaluated}",
    ]
    if r.kind_accuracy is not None:
        lines.append(f"  kind accuracy {pct(r.kind_accuracy)}")
    return lines
