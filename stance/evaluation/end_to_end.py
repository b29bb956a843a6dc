"""End to end on gold articles: extraction, speaker resolution and stance together.

A predicted statement is right when it overlaps a gold statement (one-to-one, largest
overlap first), names the same speaker (after :func:`normalize_speaker`) and has the same
stance. Precision = right / predicted, recall = right / gold; 95% bootstrap intervals over
articles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .._types import _json_ready
from .extraction import GoldSpan, _match, normalize_speaker
from .metrics import interval, prf, resamples_of

__all__ = ["EndToEndResult", "score_end_to_end"]


@dataclass(frozen=True)
class EndToEndResult:
    n_documents: int
    n_gold: int
    n_predicted: int
    n_right: int
    n_span_matched: int
    precision: float
    recall: float
    f1: float
    f1_ci: tuple[float, float]
    precision_ci: tuple[float, float]
    recall_ci: tuple[float, float]
    stance_accuracy_on_matched: float | None
    n_resamples: int
    seed: int
    errors: tuple[dict[str, Any], ...] = field(default=(), repr=False)
    primary_metric: str = "f1"

    def to_dict(self) -> dict[str, Any]:
        d = _json_ready(self)
        d["errors"] = list(d["errors"])[:200]
        return d


def score_end_to_end(
    articles: Sequence[Any],
    analyze: Callable[[str], Sequence[Any]],
    *,
    n_resamples: int = 1000,
    seed: int = 0,
) -> EndToEndResult:
    """Run ``analyze(text) -> [Statement]`` on each gold article (``stance.data.GoldArticle``)
    and score it.

    Deliberately long: matching, scoring and the bootstrap share the per-document counts."""
    per_doc: list[tuple[int, int, int]] = []
    matched_total = 0
    stance_ok = 0
    errors: list[dict[str, Any]] = []
    for art in articles:
        preds = list(analyze(art.text))
        gold = list(art.statements)
        spans = [GoldSpan(g.start, g.end, g.speaker) for g in gold]
        right = 0
        for i, j in _match(preds, spans):
            p, g = preds[i], gold[j]
            matched_total += 1
            same_speaker = normalize_speaker(p.speaker) == normalize_speaker(g.speaker)
            same_stance = p.stance == g.stance
            stance_ok += same_stance
            if same_speaker and same_stance:
                right += 1
            else:
                errors.append(
                    {
                        "document": art.id,
                        "gold_text": g.text,
                        "gold_speaker": g.speaker,
                        "gold_stance": g.stance,
                        "predicted_speaker": p.speaker,
                        "predicted_stance": p.stance,
                    }
                )
        per_doc.append((right, len(preds), len(gold)))
    right = sum(d[0] for d in per_doc)
    npred = sum(d[1] for d in per_doc)
    ngold = sum(d[2] for d in per_doc)
    p, r, f = prf(right, npred, ngold)
    fs, ps, rs = [], [], []
    for idx in resamples_of(len(per_doc), n_resamples, seed):
        sample = [per_doc[i] for i in idx]
        bp, br, bf = prf(sum(d[0] for d in sample), sum(d[1] for d in sample), sum(d[2] for d in sample))
        ps.append(bp)
        rs.append(br)
        fs.append(bf)
    return EndToEndResult(
        n_documents=len(per_doc),
        n_gold=ngold,
        n_predicted=npred,
        n_right=right,
        n_span_matched=matched_total,
        precision=p,
        recall=r,
        f1=f,
        f1_ci=interval(fs),
        precision_ci=interval(ps),
        recall_ci=interval(rs),
        stance_accuracy_on_matched=stance_ok / matched_total if matched_total else None,
        n_resamples=n_resamples,
        seed=seed,
        errors=tuple(errors),
    )
