"""Corpus scoring: stream documents through extraction and classification, commit results
chunk by chunk, resume after a crash, report shares per group; optionally on Ray."""

from ..errors import CorpusInputError
from ._engine import Scorer, score_corpus, score_dataset
from ._io import Record, read_records, read_rows
from ._options import DEFAULT_CHUNK, DEFAULT_MAX_CHARS, ScoringOptions
from ._report import group_shares, time_series, wilson, write_corpus_report
from ._rows import RowShape
from ._runner import ScoreSummary, score_file

__all__ = [
    "DEFAULT_CHUNK",
    "DEFAULT_MAX_CHARS",
    "RowShape",
    "ScoringOptions",
    "time_series",
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
