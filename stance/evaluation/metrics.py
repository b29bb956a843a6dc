"""Classification metrics as pure functions (no model internals, no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InputError

__all__ = ["ClassScores", "accuracy", "expected_calibration_error", "macro_f1", "per_class", "reliability_points"]


@dataclass(frozen=True)
class ClassScores:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


def per_class(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> list[ClassScores]:
    if len(y_true) != len(y_pred):
        raise InputError(f"{len(y_true)} gold labels but {len(y_pred)} predictions")
    out = []
    for lab in labels:
        tp = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == lab and p == lab)
        fp = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t != lab and p == lab)
        fn = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out.append(ClassScores(lab, prec, rec, f1, tp + fn))
    return out


def macro_f1(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> float:
    """Mean F1 over ``labels`` (all of them, also those absent from the gold)."""
    scores = per_class(y_true, y_pred, labels)
    return sum(s.f1 for s in scores) / len(scores) if scores else 0.0


def accuracy(y_true: Sequence[str], y_pred: Sequence[str]) -> float:
    return sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == p) / len(y_true) if y_true else 0.0


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
