"""Evaluation: pure functions over predictions and gold."""

from .classification import Comparison, EvaluationResult, compare, evaluate
from .end_to_end import EndToEndResult, score_end_to_end
from .extraction import ExtractionDoc, ExtractionResult, GoldSpan, evaluate_extraction, score_extraction

__all__ = [
    "Comparison",
    "EndToEndResult",
    "EvaluationResult",
    "ExtractionDoc",
    "ExtractionResult",
    "GoldSpan",
    "compare",
    "evaluate",
    "evaluate_extraction",
    "score_end_to_end",
    "score_extraction",
]
