"""Evaluation: pure functions over predictions and gold."""

from .extraction import ExtractionDoc, ExtractionResult, GoldSpan, evaluate_extraction, score_extraction

__all__ = ["ExtractionDoc", "ExtractionResult", "GoldSpan", "evaluate_extraction", "score_extraction"]
