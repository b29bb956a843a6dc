"""The small types every room of the package talks through."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

__all__ = ["Prediction", "Statement"]

KINDS = ("direct", "indirect", "mixed")

# The fields of a statement as extraction gives it, and the ones classification adds: the
# JSON rows of `stance extract` and `stance analyze` are these, in this order.
EXTRACTION_FIELDS = (
    "speaker",
    "text",
    "start",
    "end",
    "kind",
    "cue",
    "reported_by",
    "speaker_mention",
    "speaker_start",
    "speaker_end",
    "sentence",
)
LABEL_FIELDS = ("stance", "stance_scores", "sentiment", "sentiment_scores", "confidence", "mentions_target", "truncated", "evidence")


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
    truncated: bool | None = None
    evidence: tuple[tuple[int, int], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Statement.kind must be one of {KINDS}, got {self.kind!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"Statement offsets must satisfy 0 <= start <= end, got {self.start}, {self.end}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of all fields."""
        return _json_ready(self)

    def to_row(self) -> dict[str, Any]:
        """The JSON row of the command line: the extraction fields, then the labels when the
        statement has been classified (``stance.analyze``)."""
        d = _json_ready(self)
        fields = EXTRACTION_FIELDS + (LABEL_FIELDS if self.stance is not None else ())
        return {k: d[k] for k in fields}

    def with_fields(self, **changes: Any) -> Statement:
        """A copy with some fields replaced (the dataclass is frozen)."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Prediction:
    """A classifier's answer for one statement.

    ``scores[head]`` maps every label of that head, in the model's fixed label order
    (``clf.labels[head]``), to a calibrated probability; each head's answer is its most
    probable label (the first one in order on a tie). ``primary`` names the head that
    ``label`` and ``confidence`` speak of (stance, for the shipped models). ``stance`` /
    ``stance_scores`` are the primary head's answer and ``sentiment`` / ``sentiment_scores``
    the ``sentiment`` head's (None when the model has none). ``evidence`` holds ``(start,
    end)`` character spans into the statement that moved the primary decision most (filled
    only when asked for)."""

    scores: dict[str, dict[str, float]]
    primary: str = "stance"
    mentions_target: bool = False
    evidence: tuple[tuple[int, int], ...] = ()
    truncated: bool = False

    def __post_init__(self) -> None:
        if self.primary not in self.scores:
            raise ValueError(f"Prediction.primary {self.primary!r} is not one of the scored heads {list(self.scores)}")
        for head, sc in self.scores.items():
            if not sc:
                raise ValueError(f"Prediction.scores[{head!r}] is empty")

    def label(self, head: str | None = None) -> str:
        """The answer of ``head`` (default: the primary head)."""
        sc = self.scores[head or self.primary]
        return max(sc, key=sc.__getitem__)

    @property
    def labels(self) -> dict[str, str]:
        """Each head's answer."""
        return {h: self.label(h) for h in self.scores}

    @property
    def confidence(self) -> float:
        """The probability of the primary head's answer."""
        return float(self.scores[self.primary][self.label()])

    @property
    def stance(self) -> str:
        return self.label()

    @property
    def stance_scores(self) -> dict[str, float]:
        return dict(self.scores[self.primary])

    @property
    def sentiment(self) -> str | None:
        return self.label("sentiment") if "sentiment" in self.scores and self.primary != "sentiment" else None

    @property
    def sentiment_scores(self) -> dict[str, float] | None:
        return dict(self.scores["sentiment"]) if self.sentiment is not None else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the fields, and the answers they imply."""
        d = _json_ready(self)
        d.update(
            stance=self.stance,
            stance_scores=self.stance_scores,
            sentiment=self.sentiment,
            sentiment_scores=self.sentiment_scores,
            confidence=self.confidence,
        )
        return d


def statement_list(statements: Any) -> list[str]:
    """The statements as a list of str, or a TypeError that says what was expected."""
    if isinstance(statements, str):
        raise TypeError("predict expects a list of statements; wrap a single statement in a list: predict([text])")
    items = list(statements)
    for i, s in enumerate(items):
        if not isinstance(s, str):
            raise TypeError(f"statement {i} is {type(s).__name__}, expected str")
    return items
