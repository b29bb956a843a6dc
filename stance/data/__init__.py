"""The data room: the project's written corpus and gold articles, and the real-news gold
(standoff annotations over third-party articles resolved from a local copy).

``load_corpus()`` and ``load_articles()`` read the project's own files under ``data/``;
``load_real_news()`` resolves the real-news annotations in ``data/real/`` against a local copy
of the sources (``../shared/data`` or ``$STANCE_SHARED_DATA``). Corpus tooling for the people
who write and annotate the data lives beside them: ``splits``, ``card``, ``check`` and
``annotate`` (``python -m stance.data.<tool>``).
"""

from __future__ import annotations

from ..errors import SourceMissingError
from ._real import RealArticle, RealStatement, load_real_news, real_articles
from ._written import (
    CORPUS_COLUMNS,
    KINDS,
    SENTIMENTS,
    STANCES,
    DataFormatError,
    GoldArticle,
    GoldStatement,
    corpus_records,
    default_data_dir,
    iter_articles,
    load_articles,
    load_corpus,
    read_article,
)

__all__ = [
    "CORPUS_COLUMNS",
    "KINDS",
    "SENTIMENTS",
    "STANCES",
    "DataFormatError",
    "GoldArticle",
    "GoldStatement",
    "RealArticle",
    "RealStatement",
    "SourceMissingError",
    "corpus_records",
    "default_data_dir",
    "iter_articles",
    "load_articles",
    "load_corpus",
    "load_real_news",
    "read_article",
    "real_articles",
]
