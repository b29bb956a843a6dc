"""Extraction: text → list[Statement]. spaCy lives here and nowhere else.

Rooms: ``_quotes`` (quote marks), ``_verb_frames`` (reports after verbs), ``_phrase_frames``
("according to", "in X's view"), ``_transcripts`` (speaker labels, dash attributions),
``_mentions`` (names and speaker phrases in a parse), ``_parse`` (one parsed window: the rules
together), ``_candidates`` (candidates, rule kinds, nesting), ``_speakers`` (article-wide
speaker resolution), ``_assembly`` (candidates → statements), ``_pipeline`` (Extractor:
batching documents through spaCy)."""

from ..errors import DocumentTooLongError
from ._pipeline import DEFAULT_PIPELINE, EXTRACTORS, MAX_CHARS, Extractor, extract, get_extractor

__all__ = ["DEFAULT_PIPELINE", "EXTRACTORS", "MAX_CHARS", "DocumentTooLongError", "Extractor", "extract", "get_extractor"]
