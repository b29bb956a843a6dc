"""The output row of a scored corpus: the one place that owns its columns and their types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .._types import Statement

__all__ = ["RowShape"]

# The statement's own fields, in the order every output file shows them.
BASE_COLUMNS = (
    "doc_id",
    "statement_index",
    "speaker",
    "speaker_mention",
    "speaker_start",
    "speaker_end",
    "kind",
    "cue",
    "reported_by",
    "sentence",
    "start",
    "end",
    "text",
)
_INT = ("statement_index", "speaker_start", "speaker_end", "sentence", "start", "end")
_BOOL = ("mentions_target", "truncated")


@dataclass(frozen=True)
class RowShape:
    """Columns of a scored row for a model's labels and the carried metadata columns: the
    statement's fields, the primary head's label and one score column per label
    (``stance_<label>``), the same for sentiment when the model has it, confidence, flags,
    the metadata, and the model id."""

    stance_labels: tuple[str, ...]
    sentiment_labels: tuple[str, ...] | None
    meta_cols: tuple[str, ...] = ()

    @property
    def columns(self) -> list[str]:
        cols = [*BASE_COLUMNS, "stance", *(f"stance_{lab}" for lab in self.stance_labels)]
        if self.sentiment_labels:
            cols += ["sentiment", *(f"sentiment_{lab}" for lab in self.sentiment_labels)]
        return [*cols, "confidence", "mentions_target", "truncated", *self.meta_cols, "model"]

    def row(self, doc_id: str, index: int, s: Statement, meta: dict[str, Any], model: str) -> dict[str, Any]:
        """The row of one labelled statement (``stance.analyze`` / ``classify_statements`` output)."""
        row: dict[str, Any] = {
            "doc_id": doc_id,
            "statement_index": index,
            **{c: getattr(s, c) for c in BASE_COLUMNS[2:]},
            "stance": s.stance,
        }
        for lab in self.stance_labels:
            row[f"stance_{lab}"] = round(float((s.stance_scores or {})[lab]), 6)
        if self.sentiment_labels:
            row["sentiment"] = s.sentiment
            for lab in self.sentiment_labels:
                row[f"sentiment_{lab}"] = round(float((s.sentiment_scores or {})[lab]), 6)
        row["confidence"] = round(float(s.confidence or 0.0), 6)
        row["mentions_target"] = bool(s.mentions_target)
        row["truncated"] = bool(s.truncated)
        for c in self.meta_cols:
            row[c] = meta.get(c)
        row["model"] = model
        return row

    def arrow_schema(self) -> Any:
        return arrow_schema(self.columns)


def arrow_schema(columns: Sequence[str]) -> Any:
    """Arrow types of the columns (integers, floats for scores, booleans, strings)."""
    import pyarrow as pa

    fields = []
    for c in columns:
        if c in _INT:
            fields.append(pa.field(c, pa.int64()))
        elif c in _BOOL:
            fields.append(pa.field(c, pa.bool_()))
        elif c == "confidence" or c.startswith(("stance_", "sentiment_")):
            fields.append(pa.field(c, pa.float64()))
        else:
            fields.append(pa.field(c, pa.string()))
    return pa.schema(fields)
