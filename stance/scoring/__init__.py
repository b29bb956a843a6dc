"""Corpus scoring: stream documents through extraction and classification, commit results
chunk by chunk, resume after a crash, report shares per group; optionally on Ray."""

from ._engine import DEFAULT_MAX_CHARS, Scorer, score_corpus, score_dataset
from ._io import CorpusInputError, Record, read_records, read_rows
from ._report import group_shares, wilson, write_corpus_report
from ._runner import ScoreSummary, score_file

__all__ = [
    "DEFAULT_MAX_CHARS",
    "CorpusInputError",
    "Record",
    "ScoreSummary",
    "Scorer",
    "group_shares",
    "read_records",
    "read_rows",
    "score_corpus",
    "score_dataset",
    "score_file",
    "wilson",
    "write_corpus_report",
]
