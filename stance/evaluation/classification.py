"""Classification evaluation: one pure function from predictions (or a model) and gold rows
to a typed result with bootstrap intervals, calibration, breakdowns and the error list.

Nothing here reads files or the clock; the same inputs and seed give the same result.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .._types import Prediction, _json_ready
from ..errors import InputError, UsageError
from ..labels import NATO_SCHEME
from .metrics import ClassScores, accuracy, codes, confusion, expected_calibration_error, interval, macro_f1_codes, per_class, resamples_of

__all__ = ["Comparison", "EvaluationResult", "compare", "evaluate", "rows_of"]

DEFAULT_LABELS = dict(NATO_SCHEME.heads)
# Derived breakdown columns: name -> function of a row.
_DERIVED = {
    "decade": lambda r: f"{int(str(r['year'])[:4]) // 10 * 10}s" if str(r.get("year") or "")[:4].isdigit() else None,
}


@dataclass(frozen=True)
class EvaluationResult:
    """What one system scored on one labelled set, for one head.

    ``macro_f1`` is the primary metric (``primary_metric`` names it, ``primary`` returns it).
    Intervals are 95% percentile bootstrap intervals over items. ``confusion[i][j]`` counts
    items with gold ``labels[i]`` predicted as ``labels[j]``. ``ids``, ``gold`` and
    ``predicted`` keep the item-level answers so two results can be compared with
    :func:`compare`."""

    system: str
    head: str
    labels: tuple[str, ...]
    n: int
    skipped: int
    accuracy: float
    accuracy_ci: tuple[float, float]
    macro_f1: float
    macro_f1_ci: tuple[float, float]
    per_class: tuple[ClassScores, ...]
    confusion: tuple[tuple[int, ...], ...]
    ece: float | None
    reliability: tuple[dict[str, Any], ...]
    breakdowns: Mapping[str, Mapping[str, Mapping[str, float]]]
    errors: tuple[dict[str, Any], ...]
    ids: tuple[str, ...]
    gold: tuple[str, ...]
    predicted: tuple[str, ...]
    resamples: int
    seed: int
    skip_reasons: Mapping[str, int] = field(default_factory=dict)
    primary_metric: str = "macro_f1"

    @property
    def primary(self) -> float:
        return float(getattr(self, self.primary_metric))

    def f1_of(self, label: str) -> float:
        for c in self.per_class:
            if c.label == label:
                return c.f1
        raise KeyError(f"{label!r} is not one of {list(self.labels)}")

    def to_dict(self, *, items: bool = False) -> dict[str, Any]:
        """A JSON-ready dict; item-level columns only with ``items=True``."""
        d = _json_ready(self)
        if not items:
            for k in ("ids", "gold", "predicted"):
                d.pop(k, None)
        d["primary"] = self.primary
        return d


@dataclass(frozen=True)
class Comparison:
    """Paired bootstrap of system ``b`` minus system ``a`` on the same items."""

    a: str
    b: str
    head: str
    metric: str
    a_score: float
    b_score: float
    difference: float
    ci: tuple[float, float]
    p_not_better: float  # share of resamples in which b did not beat a
    n: int
    resamples: int

    def to_dict(self) -> dict[str, Any]:
        return _json_ready(self)


def rows_of(dataset: Any) -> list[dict[str, Any]]:
    """Rows as plain dicts from a ``datasets.Dataset``, a list of mappings or a pandas frame."""
    if dataset is None:
        raise UsageError("no dataset given")
    if hasattr(dataset, "to_dict") and hasattr(dataset, "columns") and not hasattr(dataset, "features"):
        return [dict(r) for r in dataset.to_dict(orient="records")]  # pandas
    if isinstance(dataset, Mapping):
        raise TypeError("got a mapping; pass a split (e.g. corpus['test']), a datasets.Dataset or a list of row dicts")
    return [dict(r) for r in dataset]


def _is_model(obj: Any) -> bool:
    return hasattr(obj, "predict") and callable(obj.predict)


def _label_of(p: Any, head: str) -> tuple[str, dict[str, float] | None]:
    if isinstance(p, Prediction):
        if head not in p.scores:
            raise UsageError(f"these predictions have no {head!r} head (they have {list(p.scores)})")
        return p.label(head), dict(p.scores[head])
    if isinstance(p, str):
        return p, None
    if isinstance(p, Mapping) and head in p:
        return str(p[head]), p.get(f"{head}_scores")
    raise TypeError(f"cannot read a {head} label from a {type(p).__name__}; give Prediction objects or label strings")


def _predict(model: Any, rows: list[dict], *, target: str | None, batch_size: int, zero_shot: bool) -> list[Any]:
    """Run ``model.predict`` grouped by each row's target (rows keep their order)."""
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault(str(target or r.get("target") or "NATO"), []).append(i)
    out: list[Any] = [None] * len(rows)
    for tgt, idx in groups.items():
        texts = [rows[i]["text"] for i in idx]
        ctxs = [rows[i].get("context") or None for i in idx]
        kw: dict[str, Any] = {"target": tgt, "contexts": ctxs, "batch_size": batch_size, "show_progress_bar": False}
        if zero_shot:
            kw["zero_shot"] = True
        for i, p in zip(idx, model.predict(texts, **kw), strict=True):
            out[i] = p
    return out


def _bootstrap(g: Any, p: Any, k: int, resamples: int, seed: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Intervals of accuracy and macro-F1 over items (the one bootstrap of ``metrics``)."""
    accs, f1s = [], []
    for idx in resamples_of(len(g), resamples, seed):
        gb, pb = g[idx], p[idx]
        accs.append(float((gb == pb).mean()))
        f1s.append(macro_f1_codes(gb, pb, k))
    return interval(accs), interval(f1s)


def evaluate(
    predictions_or_model: Any,
    dataset: Any,
    *,
    head: str = "stance",
    labels: Sequence[str] | None = None,
    label_map: Mapping[str, str] | None = None,
    by: Iterable[str] = (),
    target: str | None = None,
    zero_shot: bool = False,
    resamples: int = 1000,
    seed: int = 0,
    batch_size: int = 32,
    system: str | None = None,
    max_errors: int | None = None,
) -> EvaluationResult:
    """Score a system on labelled rows for one head (``"stance"`` or ``"sentiment"``).

    ``predictions_or_model`` is a model or baseline with ``predict`` (run here on the rows'
    ``text``, ``context`` and ``target`` columns), or a sequence of predictions aligned with
    the rows: :class:`~stance.Prediction` objects, label strings or dicts. ``dataset`` is a
    ``datasets.Dataset``, a list of row dicts or a pandas frame with the gold label in a
    column named after ``head``.

    ``label_map`` maps predicted labels onto the gold label set (e.g. ``{"conditional":
    "neutral"}`` for a data set without a conditional class); ``labels`` fixes the label set
    and order (default: the head's labels). Rows whose gold label is empty are skipped and
    counted (``skipped``); a gold or predicted label outside ``labels`` is an error.
    ``by`` names columns (or ``"decade"``, derived from ``year``) to break the scores down by.

    Deliberately long: most of it is this docstring and the result's fields; each step is a helper."""
    if resamples < 0:
        raise UsageError("resamples must be >= 0")
    rows = rows_of(dataset)
    name = system or getattr(predictions_or_model, "name", None) or type(predictions_or_model).__name__
    labs = tuple(labels) if labels is not None else DEFAULT_LABELS.get(head)
    if labs is None:
        raise UsageError(f"head {head!r} has no default labels; pass labels=[...]")
    if rows and head not in rows[0]:
        raise InputError(f"the data has no {head!r} column (columns: {sorted(rows[0])}); name the gold label column {head!r}")
    kept, keep_idx, skip_reasons = _gold_rows(rows, head, labs)
    preds = _predictions_for(predictions_or_model, rows, kept, keep_idx, target=target, batch_size=batch_size, zero_shot=zero_shot)
    gold_l, pred_l, conf = _aligned(kept, preds, head, labs, label_map or {})
    k = len(labs)
    g, pc = codes(gold_l, labs), codes(pred_l, labs)
    scores_pc = per_class(gold_l, pred_l, labs)
    acc_ci, f1_ci = _bootstrap(g, pc, k, resamples, seed)
    if gold_l and all(c is not None for c in conf):
        ece, bins = expected_calibration_error([float(c) for c in conf], [a == b for a, b in zip(gold_l, pred_l, strict=True)])  # type: ignore[arg-type]
    else:
        ece, bins = None, []
    ids = tuple(str(r.get("id", keep_idx[i])) for i, r in enumerate(kept))
    errors = sorted(
        (
            {"id": ids[i], "text": kept[i].get("text"), "gold": gold_l[i], "predicted": pred_l[i], "confidence": conf[i]}
            for i in range(len(kept))
            if gold_l[i] != pred_l[i]
        ),
        key=lambda e: -(e["confidence"] or 0.0),
    )
    return EvaluationResult(
        system=str(name),
        head=head,
        labels=labs,
        n=len(gold_l),
        skipped=len(rows) - len(kept),
        accuracy=accuracy(gold_l, pred_l),
        accuracy_ci=acc_ci,
        macro_f1=sum(s.f1 for s in scores_pc) / k if gold_l else 0.0,
        macro_f1_ci=f1_ci,
        per_class=tuple(scores_pc),
        confusion=tuple(tuple(int(x) for x in row) for row in confusion(g, pc, k)) if gold_l else tuple((0,) * k for _ in labs),
        ece=ece,
        reliability=tuple(bins),
        breakdowns=_breakdowns(kept, by, gold_l, pred_l, g, pc, k),
        errors=tuple(errors[:max_errors] if max_errors is not None else errors),
        ids=ids,
        gold=tuple(gold_l),
        predicted=tuple(pred_l),
        resamples=resamples,
        seed=seed,
        skip_reasons=skip_reasons,
    )


def _gold_rows(rows: list[dict], head: str, labs: Sequence[str]) -> tuple[list[dict], list[int], dict[str, int]]:
    """The rows with a gold label (checked against ``labs``), their positions, and the skip counts."""
    kept: list[dict] = []
    keep_idx: list[int] = []
    skip_reasons: dict[str, int] = {}
    for i, r in enumerate(rows):
        gold = r.get(head)
        if gold is None or (isinstance(gold, str) and not gold.strip()):
            skip_reasons["no gold label"] = skip_reasons.get("no gold label", 0) + 1
            continue
        if str(gold).strip() not in labs:
            where = f"row {i}" + (f" (id {r['id']})" if r.get("id") is not None else "")
            raise InputError(
                f"{where}: gold {head} label {str(gold).strip()!r} is not one of {list(labs)}; map it first or pass labels=[...]"
            )
        kept.append(r)
        keep_idx.append(i)
    return kept, keep_idx, skip_reasons


def _predictions_for(
    source: Any, rows: list[dict], kept: list[dict], keep_idx: list[int], *, target: str | None, batch_size: int, zero_shot: bool
) -> list[Any]:
    """The predictions for the kept rows: run a model on them, or pick them from a given list."""
    if _is_model(source):
        for i, r in enumerate(kept):
            if not isinstance(r.get("text"), str):
                raise InputError(f"row {keep_idx[i]}: 'text' must be a string to run a model on it, got {type(r.get('text')).__name__}")
        return _predict(source, kept, target=target, batch_size=batch_size, zero_shot=zero_shot)
    given = list(source)
    if len(given) != len(rows):
        raise InputError(f"{len(given)} predictions for {len(rows)} rows; give exactly one prediction per row")
    return [given[i] for i in keep_idx]


def _aligned(
    kept: list[dict], preds: list[Any], head: str, labs: Sequence[str], label_map: Mapping[str, str]
) -> tuple[list[str], list[str], list[float | None]]:
    """Gold labels, mapped predicted labels, and the confidence of each prediction (its
    probability after mapping; None for predictions without scores)."""
    gold_l: list[str] = []
    pred_l: list[str] = []
    conf: list[float | None] = []
    for r, p in zip(kept, preds, strict=True):
        lab, scores = _label_of(p, head)
        lab = label_map.get(lab, lab)
        if lab not in labs:
            raise InputError(f"predicted {head} label {lab!r} is not one of {list(labs)}; pass label_map={{{lab!r}: ...}}")
        gold_l.append(str(r[head]).strip())
        pred_l.append(lab)
        if scores:
            merged: dict[str, float] = {}
            for key, v in scores.items():
                mk = label_map.get(key, key)
                merged[mk] = merged.get(mk, 0.0) + float(v)
            conf.append(merged.get(lab))
        else:
            conf.append(None)
    return gold_l, pred_l, conf


def _breakdowns(
    kept: list[dict], by: Iterable[str], gold_l: list[str], pred_l: list[str], g: Any, pc: Any, k: int
) -> dict[str, dict[str, dict[str, float]]]:
    """Accuracy and macro-F1 per value of each ``by`` column (or derived column)."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for col in by:
        if col not in _DERIVED and kept and col not in kept[0]:
            raise UsageError(f"cannot break down by {col!r}: no such column (columns: {sorted(kept[0])})")
        groups: dict[str, list[int]] = {}
        for i, r in enumerate(kept):
            v = _DERIVED[col](r) if col in _DERIVED else r.get(col)
            groups.setdefault("(none)" if v is None or v == "" else str(v), []).append(i)
        out[col] = {
            v: {
                "n": len(ix),
                "accuracy": sum(1 for i in ix if gold_l[i] == pred_l[i]) / len(ix),
                "macro_f1": macro_f1_codes(g[ix], pc[ix], k),
            }
            for v, ix in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        }
    return out


def compare(a: EvaluationResult, b: EvaluationResult, *, resamples: int = 1000, seed: int = 0, metric: str = "macro_f1") -> Comparison:
    """Paired bootstrap of ``b - a`` on the items both were scored on (same ids, same gold)."""
    import numpy as np

    if a.head != b.head or a.labels != b.labels:
        raise UsageError(f"cannot compare {a.head} {list(a.labels)} with {b.head} {list(b.labels)}")
    if a.ids != b.ids or a.gold != b.gold:
        raise UsageError("the two results were scored on different items; evaluate both on the same rows")
    if metric not in ("macro_f1", "accuracy"):
        raise UsageError("metric must be 'macro_f1' or 'accuracy'")
    k = len(a.labels)
    g = codes(a.gold, a.labels)
    pa = codes(a.predicted, a.labels)
    pb = codes(b.predicted, b.labels)

    def score(gg: Any, pp: Any) -> float:
        return macro_f1_codes(gg, pp, k) if metric == "macro_f1" else float((gg == pp).mean())

    sa, sb = score(g, pa), score(g, pb)
    n = len(g)
    diffs = np.array([score(g[idx], pb[idx]) - score(g[idx], pa[idx]) for idx in resamples_of(n, resamples, seed)])
    lo, hi = interval(diffs)
    return Comparison(
        a=a.system,
        b=b.system,
        head=a.head,
        metric=metric,
        a_score=sa,
        b_score=sb,
        difference=sb - sa,
        ci=(float(lo), float(hi)),
        p_not_better=float((diffs <= 0).mean()) if len(diffs) else math.nan,
        n=n,
        resamples=resamples,
    )
