"""The small types every room of the package talks through."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

__all__ = ["Prediction", "Statement"]

KINDS = ("direct", "indirect", "mixed")


def _json_ready(obj: Any) -> dict[str, Any]:
    d = asdict(obj)
    if "evidence" in d:
        d["evidence"] = [list(e) for e in d["evidence"]]
    return d


@dataclass(frozen=True)
class Statement:
    """One attributed statement found in a text.

    ``text`` is the speaker's words (the quoted content or the reported clause) and
    ``text == source[start:end]`` always holds for the ``source`` it was extracted from.
    ``speaker`` is canonical (the fullest name the article uses for that entity) or
    ``None`` when it cannot be resolved; ``speaker_mention`` / ``speaker_start`` /
    ``speaker_end`` locate the local mention the attribution uses ("he", "the ex-minister").
    """

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    kind: str = "indirect"
    sentence: int = 0
    reported_by: str | None = None
    # Filled in by classification (stance.analyze); None after extraction alone.
    stance: str | None = None
    stance_scores: dict[str, float] | None = field(default=None, compare=False)
    sentiment: str | None = None
    sentiment_scores: dict[str, float] | None = field(default=None, compare=False)
    confidence: float | None = None
    mentions_target: bool | None = None
    evidence: tuple[tuple[int, int], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Statement.kind must be one of {KINDS}, got {self.kind!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"Statement offsets must satisfy 0 <= start <= end, got {self.start}, {self.end}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of all fields."""
        return _json_ready(self)

    def with_fields(self, **changes: Any) -> Statement:
        """A copy with some fields replaced (the dataclass is frozen)."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Prediction:
    """A classifier's answer for one statement.

    ``stance_scores`` and ``sentiment_scores`` map every label of the model, in the model's
    fixed label order, to a calibrated probability. ``evidence`` holds ``(start, end)``
    character spans into the statement that moved the stance decision most (filled only
    when asked for)."""

    stance: str
    stance_scores: dict[str, float]
    sentiment: str | None
    sentiment_scores: dict[str, float] | None
    confidence: float
    mentions_target: bool = False
    evidence: tuple[tuple[int, int], ...] = ()
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of all fields."""
        return _json_ready(self)


def statement_list(statements: Any) -> list[str]:
    """The statements as a list of str, or a TypeError that says what was expected."""
    if isinstance(statements, str):
        raise TypeError("predict expects a list of statements; wrap a single statement in a list: predict([text])")
    items = list(statements)
    for i, s in enumerate(items):
        if not isinstance(s, str):
            raise TypeError(f"statement {i} is {type(s).__name__}, expected str")
    return items
