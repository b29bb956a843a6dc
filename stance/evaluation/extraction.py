"""Extraction quality: statement spans (overlap match), speakers and speaker mentions.

Pure functions over predictions and gold; the extractor is only called by
``evaluate_extraction`` when it is handed raw documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..errors import InputError
from .metrics import interval, prf, resamples_of

__all__ = ["ExtractionDoc", "ExtractionResult", "GoldSpan", "evaluate_extraction", "score_extraction"]


class _SpanLike(Protocol):
    start: int
    end: int


@dataclass(frozen=True)
class GoldSpan:
    """A gold statement: content span, and (when known) speaker and its mention span."""

    start: int
    end: int
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    kind: str | None = None
    cue: str | None = None


@dataclass(frozen=True)
class ExtractionDoc:
    id: str
    text: str
    gold: tuple[GoldSpan, ...]


@dataclass(frozen=True)
class ExtractionResult:
    """Span P/R/F1 (overlap match), speaker accuracy and speaker-mention accuracy.

    ``primary`` names the headline metric. Intervals are 95% bootstrap intervals over
    documents (``n_resamples`` resamples, seed ``seed``)."""

    n_documents: int
    n_gold: int
    n_predicted: int
    n_matched: int
    precision: float
    recall: float
    f1: float
    speaker_accuracy: float | None
    speaker_evaluated: int
    mention_accuracy: float | None
    mention_evaluated: int
    kind_accuracy: float | None
    f1_ci: tuple[float, float]
    recall_ci: tuple[float, float]
    speaker_accuracy_ci: tuple[float, float] | None
    n_resamples: int
    seed: int
    errors: tuple[dict[str, Any], ...] = field(default=(), repr=False)
    primary: str = "f1"

    def to_dict(self, *, items: bool = False) -> dict[str, Any]:
        """A JSON-ready dict of the figures; the error list (which quotes the texts) only with ``items=True``."""
        d = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "errors"}
        if items:
            d["errors"] = list(self.errors[:200])
        return d


_DET = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TITLE = re.compile(r"^(?:mr|mrs|ms|dr|sir|lord|lady|dame|baroness|baron)\.?\s+", re.IGNORECASE)


def normalize_speaker(name: str | None) -> str | None:
    """Lower-case, without leading determiners and honorifics, possessives or punctuation."""
    if name is None:
        return None
    s = name.strip().replace("’", "'")
    s = _DET.sub("", s)
    s = _TITLE.sub("", s)
    if s.endswith("'s"):
        s = s[:-2]
    s = re.sub(r"[^\w\s-]", " ", s.lower())
    return " ".join(s.split()) or None


def _overlap(a_s: int, a_e: int, b_s: int, b_e: int) -> int:
    return max(0, min(a_e, b_e) - max(a_s, b_s))


def _match(pred: Sequence[_SpanLike], gold: Sequence[GoldSpan]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by largest character overlap."""
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ov = _overlap(p.start, p.end, g.start, g.end)
            if ov > 0:
                pairs.append((ov, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


@dataclass
class _DocCounts:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    spk_ok: int = 0
    spk_n: int = 0
    men_ok: int = 0
    men_n: int = 0
    kind_ok: int = 0
    kind_n: int = 0


def _prf(c: Sequence[_DocCounts]) -> tuple[float, float, float]:
    return prf(sum(x.matched for x in c), sum(x.pred for x in c), sum(x.gold for x in c))


def _ratio(ok: int, n: int) -> float | None:
    return ok / n if n else None


def _count_document(doc: ExtractionDoc, pred: Sequence[Any], errors: list[dict[str, Any]]) -> _DocCounts:
    """Match one document's predictions to its gold; count matches, speakers, mentions and
    kinds; append the speaker errors, missed and spurious statements to ``errors``."""
    c = _DocCounts(gold=len(doc.gold), pred=len(pred))
    pairs = _match(pred, doc.gold)
    c.matched = len(pairs)
    matched_g = {j for _, j in pairs}
    matched_p = {i for i, _ in pairs}
    for i, j in pairs:
        p, g = pred[i], doc.gold[j]
        if g.speaker is not None:
            c.spk_n += 1
            ok = normalize_speaker(getattr(p, "speaker", None)) == normalize_speaker(g.speaker)
            c.spk_ok += ok
            if not ok:
                errors.append(
                    {
                        "doc": doc.id,
                        "type": "speaker",
                        "gold": g.speaker,
                        "predicted": getattr(p, "speaker", None),
                        "text": doc.text[g.start : g.end][:160],
                    }
                )
        if g.speaker_start is not None and g.speaker_end is not None:
            c.men_n += 1
            ps, pe = getattr(p, "speaker_start", None), getattr(p, "speaker_end", None)
            c.men_ok += ps is not None and pe is not None and _overlap(ps, pe, g.speaker_start, g.speaker_end) > 0
        if g.kind is not None:
            c.kind_n += 1
            c.kind_ok += getattr(p, "kind", None) == g.kind
    for j, g in enumerate(doc.gold):
        if j not in matched_g:
            errors.append(
                {
                    "doc": doc.id,
                    "type": "missed",
                    "gold": doc.text[g.start : g.end][:160],
                    "speaker": g.speaker,
                    "cue": g.cue,
                    "start": g.start,
                }
            )
    for i, p in enumerate(pred):
        if i not in matched_p:
            errors.append(
                {
                    "doc": doc.id,
                    "type": "spurious",
                    "predicted": doc.text[p.start : p.end][:160],
                    "speaker": getattr(p, "speaker", None),
                    "cue": getattr(p, "cue", None),
                    "start": p.start,
                }
            )
    return c


def score_extraction(
    docs: Sequence[ExtractionDoc],
    predictions: Sequence[Sequence[Any]],
    *,
    n_resamples: int = 1000,
    seed: int = 0,
) -> ExtractionResult:
    """Score predicted statements (objects with ``start``, ``end``, ``speaker``,
    ``speaker_start``, ``speaker_end``, ``kind``) against gold, document by document."""
    if len(docs) != len(predictions):
        raise InputError(f"got {len(docs)} gold documents but {len(predictions)} prediction lists; pass one list per document")
    counts: list[_DocCounts] = []
    errors: list[dict[str, Any]] = []
    for doc, pred in zip(docs, predictions, strict=True):
        counts.append(_count_document(doc, pred, errors))
    prec, rec, f1 = _prf(counts)
    f1s, recs, spks = [], [], []
    n = len(counts)
    for idx in resamples_of(n, n_resamples, seed):
        sample = [counts[i] for i in idx]
        _, r, f = _prf(sample)
        f1s.append(f)
        recs.append(r)
        sn = sum(x.spk_n for x in sample)
        if sn:
            spks.append(sum(x.spk_ok for x in sample) / sn)
    spk_n = sum(x.spk_n for x in counts)
    return ExtractionResult(
        n_documents=n,
        n_gold=sum(x.gold for x in counts),
        n_predicted=sum(x.pred for x in counts),
        n_matched=sum(x.matched for x in counts),
        precision=prec,
        recall=rec,
        f1=f1,
        speaker_accuracy=_ratio(sum(x.spk_ok for x in counts), spk_n),
        speaker_evaluated=spk_n,
        mention_accuracy=_ratio(sum(x.men_ok for x in counts), sum(x.men_n for x in counts)),
        mention_evaluated=sum(x.men_n for x in counts),
        kind_accuracy=_ratio(sum(x.kind_ok for x in counts), sum(x.kind_n for x in counts)),
        f1_ci=interval(f1s),
        recall_ci=interval(recs),
        speaker_accuracy_ci=interval(spks) if spks else None,
        n_resamples=n_resamples,
        seed=seed,
        errors=tuple(errors),
    )


def evaluate_extraction(
    docs: Sequence[ExtractionDoc],
    extractor: Callable[[Sequence[str]], Sequence[Sequence[Any]]] | None = None,
    *,
    n_resamples: int = 1000,
    seed: int = 0,
) -> ExtractionResult:
    """Run the extractor (default: ``stance.extract`` over all documents, batched) and score it."""
    if not docs:
        raise InputError("no gold documents to evaluate against; give a folder or set that holds gold articles")
    if extractor is None:
        from ..extraction import get_extractor

        ex = get_extractor()

        def extractor(texts: Sequence[str]) -> list[list[Any]]:
            return list(ex.pipe(texts))

    preds = extractor([d.text for d in docs])
    return score_extraction(docs, preds, n_resamples=n_resamples, seed=seed)
