"""Every statistic of the evaluation, once, as pure functions (no model internals, no I/O):
P/R/F1, macro-F1, accuracy, calibration, and one bootstrap with one quantile rule."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import InputError

__all__ = [
    "ClassScores",
    "accuracy",
    "codes",
    "confusion",
    "expected_calibration_error",
    "interval",
    "macro_f1",
    "macro_f1_codes",
    "per_class",
    "prf",
    "reliability_points",
    "resamples_of",
]


@dataclass(frozen=True)
class ClassScores:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


def prf(right: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0.0 where a ratio is undefined)."""
    p = right / predicted if predicted else 0.0
    r = right / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def codes(values: Sequence[str], labels: Sequence[str]) -> Any:
    """Labels as integer codes in the order of ``labels`` (a numpy array)."""
    import numpy as np

    index = {lab: i for i, lab in enumerate(labels)}
    return np.array([index[v] for v in values], dtype=np.int64)


def confusion(g: Any, p: Any, k: int) -> Any:
    """``k x k`` counts of gold code i predicted as code j."""
    import numpy as np

    return np.bincount(g * k + p, minlength=k * k).reshape(k, k)


def macro_f1_codes(g: Any, p: Any, k: int) -> float:
    """Mean F1 over all ``k`` classes (also those absent from the gold), from integer codes."""
    cm = confusion(g, p, k)
    return sum(prf(int(cm[i, i]), int(cm[:, i].sum()), int(cm[i, :].sum()))[2] for i in range(k)) / k if k else 0.0


def per_class(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> list[ClassScores]:
    if len(y_true) != len(y_pred):
        raise InputError(f"{len(y_true)} gold labels but {len(y_pred)} predictions")
    out = []
    for lab in labels:
        tp = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == lab and p == lab)
        n_pred = sum(1 for p in y_pred if p == lab)
        n_gold = sum(1 for t in y_true if t == lab)
        prec, rec, f1 = prf(tp, n_pred, n_gold)
        out.append(ClassScores(lab, prec, rec, f1, n_gold))
    return out


def macro_f1(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> float:
    """Mean F1 over ``labels`` (all of them, also those absent from the gold)."""
    scores = per_class(y_true, y_pred, labels)
    return sum(s.f1 for s in scores) / len(scores) if scores else 0.0


def accuracy(y_true: Sequence[str], y_pred: Sequence[str]) -> float:
    return sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == p) / len(y_true) if y_true else 0.0


# -- the bootstrap: one resampling scheme and one quantile rule for every interval -------------


def resamples_of(n: int, resamples: int, seed: int) -> Iterator[Any]:
    """``resamples`` bootstrap samples of ``range(n)`` (index arrays drawn with replacement)."""
    import numpy as np

    if n == 0:
        return
    rng = np.random.default_rng(seed)
    for _ in range(resamples):
        yield rng.integers(0, n, n)


def interval(values: Sequence[float], level: float = 0.95) -> tuple[float, float]:
    """The percentile interval of bootstrap values (linear interpolation between order
    statistics); NaN when there are none."""
    import numpy as np

    if len(values) == 0:
        return (math.nan, math.nan)
    tail = 100 * (1 - level) / 2
    lo, hi = np.percentile(np.asarray(values, dtype=float), (tail, 100 - tail))
    return (float(lo), float(hi))


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[bool], n_bins: int = 10) -> tuple[float, list[dict]]:
    """ECE over equal-width confidence bins, with the bins (for a reliability diagram)."""
    if len(confidences) != len(correct):
        raise InputError("confidences and correct must have the same length")
    n = len(confidences)
    bins = []
    ece = 0.0
    for b in range(n_bins):
        lo, hi = b / n_bins, (b + 1) / n_bins
        idx = [i for i, c in enumerate(confidences) if (lo < c <= hi) or (b == 0 and c == 0.0)]
        if not idx:
            bins.append({"lo": lo, "hi": hi, "count": 0, "confidence": None, "accuracy": None})
            continue
        conf = sum(confidences[i] for i in idx) / len(idx)
        acc = sum(1 for i in idx if correct[i]) / len(idx)
        ece += len(idx) / n * abs(conf - acc)
        bins.append({"lo": lo, "hi": hi, "count": len(idx), "confidence": conf, "accuracy": acc})
    return ece, bins


def reliability_points(bins: Sequence[dict], *, min_count: int = 5) -> list[tuple[float, float, int]]:
    """The points of a reliability curve: ``(mean confidence, accuracy, count)`` of each bin
    with at least ``min_count`` items (a bin of one or two items is noise, not calibration).
    Perfect calibration puts every point on the diagonal."""
    return [(b["confidence"], b["accuracy"], b["count"]) for b in bins if b["count"] >= min_count]
