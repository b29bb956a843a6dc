"""Extraction: text → list[Statement]. spaCy lives here and nowhere else."""

from ._pipeline import DEFAULT_PIPELINE, MAX_CHARS, DocumentTooLongError, Extractor, extract, get_extractor

__all__ = ["DEFAULT_PIPELINE", "MAX_CHARS", "DocumentTooLongError", "Extractor", "extract", "get_extractor"]
