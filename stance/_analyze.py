"""analyze(): extraction plus classification. The one place where the two rooms meet."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ._types import Statement
from .targets import Target

if TYPE_CHECKING:  # pragma: no cover
    from .classify import StanceClassifier
    from .extraction import Extractor

__all__ = ["analyze", "context_of"]


def context_of(text: str, st: Statement) -> str:
    """The paragraph(s) that hold a statement and its attribution: what the classifier reads
    beside the statement (so "the alliance" can be resolved)."""
    lo = min(st.start, st.speaker_start if st.speaker_start is not None else st.start)
    hi = max(st.end, st.speaker_end if st.speaker_end is not None else st.end)
    a = text.rfind("\n\n", 0, lo)
    b = text.find("\n\n", hi)
    ctx = text[(a + 2 if a >= 0 else 0) : (b if b >= 0 else len(text))].strip()
    if len(ctx) > 1200:  # a wall of text without paragraphs: keep a window around the statement
        s = max(0, lo - 400)
        ctx = text[s : min(len(text), hi + 400)].strip()
    return ctx


@lru_cache(maxsize=4)
def _cached_model(name: str) -> StanceClassifier:
    from .classify import load

    return load(name)


def analyze(
    text: str,
    *,
    target: str | Target = "NATO",
    model: StanceClassifier | str | None = None,
    extractor: Extractor | None = None,
    explain: bool = False,
) -> list[Statement]:
    """Find every attributed statement in ``text`` and label its stance and sentiment.

    ``model`` is a loaded ``StanceClassifier``, a name (``"accurate"``, ``"fast"``) or a
    folder; by default the accurate model (the fast one when the accurate encoder is not
    installed). Every statement is returned, also those that do not mention the target
    (``mentions_target`` says which)."""
    from .extraction import extract, get_extractor

    statements = (extractor or get_extractor()).extract(text) if extractor is not None else extract(text)
    if not statements:
        return []
    clf = model if model is not None and not isinstance(model, str) else _cached_model(model or "accurate")
    contexts = [context_of(text, s) for s in statements]
    preds = clf.predict([s.text for s in statements], target=target, contexts=contexts, explain=explain, show_progress_bar=False)
    return [
        s.with_fields(
            stance=p.stance,
            stance_scores=p.stance_scores,
            sentiment=p.sentiment,
            sentiment_scores=p.sentiment_scores,
            confidence=p.confidence,
            mentions_target=p.mentions_target,
            evidence=tuple((s.start + a, s.start + b) for a, b in p.evidence),
        )
        for s, p in zip(statements, preds, strict=True)
    ]
