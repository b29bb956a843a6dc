"""analyze(): extraction plus classification. The one place where the two rooms meet:
:func:`context_of` (what the classifier reads beside a statement, in training and prediction
alike) and :func:`classify_statements` (statements of documents → labelled statements)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._types import Statement
from .targets import Target

if TYPE_CHECKING:  # pragma: no cover
    from .classify import ModelCache, StanceClassifier
    from .extraction import Extractor

__all__ = ["analyze", "classify_statements", "context_of"]


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


def classify_statements(
    docs: Sequence[tuple[str, Sequence[Statement]]],
    model: StanceClassifier,
    *,
    target: str | Target = "NATO",
    explain: bool = False,
    batch_size: int = 32,
) -> list[list[Statement]]:
    """The one join of extraction and classification: for each ``(text, statements)``, the
    statements with their labels. Each statement is read with :func:`context_of` (the same
    context training used); all statements of all documents go through the model in one
    call, batched by length. Truncation is flagged per statement (no warning)."""
    import warnings

    items = [(text, s) for text, statements in docs for s in statements]
    if not items:
        return [[] for _ in docs]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # truncation is flagged on each statement instead
        preds = model.predict(
            [s.text for _, s in items],
            target=target,
            contexts=[context_of(text, s) for text, s in items],
            explain=explain,
            batch_size=batch_size,
            show_progress_bar=False,
        )
    labelled = iter(
        s.with_fields(
            stance=p.stance,
            stance_scores=p.stance_scores,
            sentiment=p.sentiment,
            sentiment_scores=p.sentiment_scores,
            confidence=p.confidence,
            mentions_target=p.mentions_target,
            truncated=p.truncated,
            evidence=tuple((s.start + a, s.start + b) for a, b in p.evidence),
        )
        for (_, s), p in zip(items, preds, strict=True)
    )
    return [[next(labelled) for _ in statements] for _, statements in docs]


def analyze(
    text: str,
    *,
    target: str | Target = "NATO",
    model: StanceClassifier | str | None = None,
    extractor: Extractor | None = None,
    explain: bool = False,
    cache: ModelCache | None = None,
) -> list[Statement]:
    """Find every attributed statement in ``text`` and label its stance and sentiment.

    ``model`` is a loaded ``StanceClassifier``, a name (``"accurate"``, ``"fast"``) or a
    folder; by default the accurate model (the fast one when the accurate encoder is not
    installed). A model given by name is loaded once and kept in ``cache`` (default: the
    process-wide :data:`stance.classify.MODELS`). Every statement is returned, also those
    that do not mention the target (``mentions_target`` says which)."""
    from .classify import MODELS
    from .extraction import extract

    statements = extractor.extract(text) if extractor is not None else extract(text)
    if not statements:
        return []
    clf = model if model is not None and not isinstance(model, str) else (cache or MODELS).get(model or "accurate")
    (out,) = classify_statements([(text, statements)], clf, target=target, explain=explain)
    if any(s.truncated for s in out):
        import warnings

        warnings.warn(
            f"{sum(1 for s in out if s.truncated)} statement(s) were longer than the model's window and were truncated "
            "(see Statement.truncated)",
            stacklevel=2,
        )
    return out
