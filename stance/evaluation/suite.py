"""Evaluation runs: labelled sets by name, systems by name, and the files a run writes.

``stance eval`` is a thin wrapper over :func:`load_eval_set`, :func:`load_system`,
:func:`run` and :func:`write_report`.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as _dt
import hashlib
import json
import logging
import platform
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, MissingInputError, UsageError
from ..labels import SENTIMENTS, STANCES
from .classification import Comparison, EvaluationResult, compare, evaluate

__all__ = ["EvalSet", "load_eval_set", "load_system", "run", "stamp", "write_report"]

log = logging.getLogger(__name__)

CORPUS_BREAKDOWNS = ("source", "kind", "register", "decade", "hard", "names_target")


@dataclass(frozen=True)
class EvalSet:
    """Labelled rows plus how to score them: which heads, label sets, the mapping from the
    model's labels onto the set's, and whether the set's targets differ from the model's."""

    name: str
    rows: tuple[dict[str, Any], ...]
    heads: tuple[str, ...]
    labels: Mapping[str, tuple[str, ...]]
    label_map: Mapping[str, str] = field(default_factory=dict)
    zero_shot: bool = False
    by: tuple[str, ...] = ()
    focus: str | None = None  # a class whose F1 the set is reported by (UNSCon: hostile)
    mapping: str = ""
    redistributable: bool = True  # may item texts go into written reports? (not for third-party sets)


_STANCE = STANCES
_SENTIMENT = SENTIMENTS
_REQUIRED = "text, and a stance and/or sentiment column (optional: id, context, target, split)"
NAMED_SETS = ("corpus", "newsmtsc", "unscon", "ruw", "polnear", "gold-articles")


def _read_file(path: Path, split: str | None) -> list[dict[str, Any]]:
    from datasets import Dataset

    if not path.is_file():
        raise MissingInputError(
            f"{path}: no such data set or file; name one of the sets {', '.join(NAMED_SETS)}, or give a JSON Lines or CSV file with columns {_REQUIRED}"
        )
    if path.suffix in (".jsonl", ".json"):
        ds = Dataset.from_json(str(path))
    elif path.suffix == ".csv":
        ds = Dataset.from_csv(str(path), keep_default_na=False)
    else:
        raise InputError(f"{path}: unsupported data file type {path.suffix!r}; use .jsonl or .csv")
    cols = set(ds.column_names)
    if "text" not in cols:
        raise InputError(f"{path}: missing column 'text' (columns: {sorted(cols)}); expected {_REQUIRED}")
    if not cols & {"stance", "sentiment"}:
        raise InputError(f"{path}: no label column; expected a 'stance' and/or 'sentiment' column (columns: {sorted(cols)})")
    rows = [dict(r) for r in ds]
    if split and "split" in cols:
        rows = [r for r in rows if r.get("split") == split]
        if not rows:
            raise InputError(f"{path}: split {split!r} is empty (splits present: {sorted({str(r.get('split')) for r in ds})})")
    if not rows:
        raise InputError(f"{path}: the file has no rows")
    return rows


def _hostile_vs_neutral(name: str, ds: Any, *, by: tuple[str, ...], mapping: str, focus: str | None = None) -> EvalSet:
    """An external stance set with two classes; the model's conditional counts as neutral."""
    return EvalSet(
        name,
        tuple(dict(r) for r in ds),
        ("stance",),
        {"stance": ("hostile", "neutral")},
        label_map={"conditional": "neutral"},
        zero_shot=True,
        by=by,
        focus=focus,
        mapping=mapping + "; predicted conditional counts as neutral",
        redistributable=False,
    )


def load_eval_set(data: str = "corpus", split: str = "test", *, limit: int | None = None) -> EvalSet:
    """``corpus`` (the project's split ``split``), ``newsmtsc``, ``unscon``, ``ruw`` (from
    ``../shared/data``), or a JSON Lines / CSV file."""
    from . import external

    if data == "corpus":
        from ..data import load_corpus

        dd = load_corpus()
        if split not in dd:
            raise UsageError(f"the corpus has no split {split!r}; choose one of {list(dd)}")
        rows = [dict(r) for r in dd[split]]
        es = EvalSet(
            "corpus-" + split, tuple(rows), ("stance", "sentiment"), {"stance": _STANCE, "sentiment": _SENTIMENT}, by=CORPUS_BREAKDOWNS
        )
    elif data == "newsmtsc":
        rows = [dict(r) for r in external.load_newsmtsc("test" if split == "test" else "dev")]
        es = EvalSet(
            "newsmtsc-rw-" + ("test" if split == "test" else "dev"),
            tuple(rows),
            ("sentiment",),
            {"sentiment": _SENTIMENT},
            zero_shot=True,
            mapping="polarity 2 → negative, 4 → neutral, 6 → positive; target = the mention; sentiment head",
            redistributable=False,
        )
    elif data == "unscon":
        es = _hostile_vs_neutral(
            "unscon-ukraine-2014",
            external.load_unscon(),
            by=("target", "speaker"),
            focus="hostile",
            mapping="Direct/Indirect_NegEval toward the target country → hostile, no negative evaluation (or one toward "
            "another country) → neutral; unspecified targets skipped",
        )
    elif data == "ruw":
        part = "test" if split == "test" else "val"
        es = _hostile_vs_neutral(
            "ruw-" + part, external.load_ruw(part), by=("target", "original"), mapping="AGAINST → hostile, NONE → neutral, FAVOR → neutral"
        )
    else:
        path = Path(data)
        rows = _read_file(path, split)
        heads = tuple(h for h in ("stance", "sentiment") if h in rows[0])
        labels: dict[str, tuple[str, ...]] = {}
        for h in heads:
            seen = sorted({str(r[h]).strip() for r in rows if str(r.get(h) or "").strip()})
            default = _STANCE if h == "stance" else _SENTIMENT
            unknown = [lab for lab in seen if lab not in default]
            if unknown:
                raise InputError(f"{path}: column {h!r} has unknown label(s) {unknown}; expected {list(default)}")
            labels[h] = default
        es = EvalSet(path.stem, tuple(rows), heads, labels)
    if limit is not None:
        es = dataclasses.replace(es, rows=es.rows[:limit])
    return es


def load_system(model: str | None = None, baseline: str | None = None) -> Any:
    """A fine-tuned model (``accurate``, ``fast`` or a folder) or a named baseline, fitted on
    the corpus train split."""
    if (model is None) == (baseline is None):
        raise UsageError("give exactly one of model= or baseline=")
    if baseline is not None:
        from .baselines import make_baseline

        return make_baseline(baseline)
    from ..classify import load

    clf = load(model)
    return clf


def run(
    system: Any, es: EvalSet, *, heads: Sequence[str] | None = None, resamples: int = 1000, seed: int = 0, batch_size: int = 32
) -> list[EvaluationResult]:
    """Score ``system`` on ``es`` for each head; the model runs once and every head reads its predictions."""
    from .classification import _predict

    use = tuple(heads) if heads else es.heads
    for h in use:
        if h not in es.heads:
            raise UsageError(f"{es.name} has no {h!r} labels (it has {list(es.heads)})")
    rows = list(es.rows)
    preds = _predict(system, rows, target=None, batch_size=batch_size, zero_shot=es.zero_shot) if rows else []
    name = _system_name(system)
    return [
        evaluate(preds, rows, head=h, labels=es.labels[h], label_map=es.label_map, by=es.by, resamples=resamples, seed=seed, system=name)
        for h in use
    ]


def _system_name(system: Any) -> str:
    cfg = getattr(system, "config", None)
    if cfg is not None and getattr(cfg, "name", None):
        return f"stance-{cfg.name}"
    return str(getattr(system, "name", type(system).__name__))


def _git_commit() -> str | None:
    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        return None
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=False)
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    commit = out.stdout.strip() or None
    return f"{commit}-dirty" if commit and dirty.stdout.strip() else commit


def _versions() -> dict[str, str | None]:
    from importlib import metadata

    out: dict[str, str | None] = {"python": platform.python_version()}
    for pkg in ("nato-stance", "torch", "transformers", "datasets", "scikit-learn", "spacy", "numpy", "peft", "vaderSentiment"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = None
    return out


def model_checksum(system: Any) -> str | None:
    """sha256 over the model folder's config and weights (None for baselines)."""
    folder = getattr(system, "source", None)
    if folder is None or not Path(folder).is_dir():
        return None
    h = hashlib.sha256()
    for p in sorted(Path(folder).iterdir()):
        if p.suffix in (".json", ".safetensors") and p.name != "metrics.json":
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def stamp(systems: Sequence[Any] = ()) -> dict[str, Any]:
    """When, from which commit, with which versions and model files a result was made."""
    return {
        "time": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "git_commit": _git_commit(),
        "versions": _versions(),
        "machine": {"platform": platform.platform(), "processor": platform.processor() or platform.machine()},
        "models": {
            _system_name(s): {"checksum": model_checksum(s), "base_sha256": getattr(getattr(s, "config", None), "base_sha256", None)}
            for s in systems
        },
    }


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
    """Write ``results.json``, ``report.md``, ``errors.csv`` and (with matplotlib) PNG plots."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    payload = {
        "stamp": dict(stamp_info or stamp()),
        "data": {"name": es.name, "rows": len(es.rows), "heads": list(es.heads), "mapping": es.mapping, "zero_shot": es.zero_shot},
        # a third-party set's texts stay out of written files: its error lists are left out
        "results": [r.to_dict() if es.redistributable else {k: v for k, v in r.to_dict().items() if k != "errors"} for r in results],
        "comparisons": [c.to_dict() for c in comparisons],
        "end_to_end": dict(end_to_end) if end_to_end else None,
    }
    p = folder / "results.json"
    p.write_text(json.dumps(payload, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    written["results"] = p

    lines = [f"# Evaluation on {es.name}", ""]
    st = payload["stamp"]
    lines += [
        f"Made {st.get('time')} from commit `{st.get('git_commit')}`; {len(es.rows)} rows."
        + (" Zero-shot transfer." if es.zero_shot else ""),
        "",
    ]
    if es.mapping:
        lines += [f"Label mapping: {es.mapping}.", ""]
    for head in dict.fromkeys(r.head for r in results):
        rs = [r for r in results if r.head == head]
        lines += summary_lines(es, rs)
        lines.append("")
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
            f"Span overlap + speaker + stance: P {e['precision']:.3f} ({e['precision_ci'][0]:.3f}–{e['precision_ci'][1]:.3f}), "
            f"R {e['recall']:.3f} ({e['recall_ci'][0]:.3f}–{e['recall_ci'][1]:.3f}), F1 {e['f1']:.3f} "
            f"({e['f1_ci'][0]:.3f}–{e['f1_ci'][1]:.3f}); {e['n_right']} right of {e['n_predicted']} predicted / {e['n_gold']} gold.",
            "",
        ]
    p = folder / "report.md"
    p.write_text("\n".join(lines), encoding="utf-8")
    written["report"] = p

    if not es.redistributable:
        lines += [f"The error list is not written: {es.name} is a third-party set whose texts stay out of the project.", ""]
        p.write_text("\n".join(lines), encoding="utf-8")
    p = folder / "errors.csv"
    with open(p, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["system", "head", "id", "gold", "predicted", "confidence", "text"])
        for r in results if es.redistributable else ():
            for e in r.errors:
                w.writerow(
                    [
                        r.system,
                        r.head,
                        e["id"],
                        e["gold"],
                        e["predicted"],
                        "" if e["confidence"] is None else f"{e['confidence']:.3f}",
                        e["text"],
                    ]
                )
    written["errors"] = p

    if plots:
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


def best_comparison(results: Sequence[EvaluationResult], model_name: str, *, resamples: int = 1000, seed: int = 0) -> list[Comparison]:
    """Per head: the model against the best other system by macro-F1 (paired bootstrap)."""
    out = []
    for head in dict.fromkeys(r.head for r in results):
        rs = [r for r in results if r.head == head]
        model = next((r for r in rs if r.system == model_name), None)
        others = [r for r in rs if r.system != model_name]
        if model is None or not others:
            continue
        best = max(others, key=lambda r: r.macro_f1)
        out.append(compare(best, model, resamples=resamples, seed=seed))
    return out


def gold_end_to_end(
    model: Any, *, split: str | None = "test", folder: str | Path | None = None, resamples: int = 1000, seed: int = 0
) -> Any:
    """End to end (extraction + speaker + stance) on the gold articles of ``split`` (all with None)."""
    from .._analyze import analyze
    from ..data import load_articles
    from .end_to_end import score_end_to_end

    arts = [a for a in load_articles(folder) if split is None or a.split == split]
    if not arts:
        raise UsageError(f"no gold articles in split {split!r}")
    return score_end_to_end(arts, lambda text: analyze(text, model=model), n_resamples=resamples, seed=seed)


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
