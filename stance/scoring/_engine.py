"""Scoring documents in chunks: extraction (optionally in worker processes), one classifier
call per chunk, flat output rows, and a per-record error row for anything that cannot be
scored. Used by ``score_corpus``, ``score_dataset``, the CLI runner and the Ray actors."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, StanceError, UsageError
from ._io import Record
from ._options import DEFAULT_CHUNK, DEFAULT_MAX_CHARS, ScoringOptions
from ._rows import RowShape

__all__ = ["DEFAULT_CHUNK", "DEFAULT_MAX_CHARS", "ChunkResult", "Scorer", "model_id", "score_corpus", "score_dataset"]

log = logging.getLogger(__name__)


@dataclass
class ChunkResult:
    rows: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    documents: int = 0
    without_statements: int = 0
    stance_counts: dict[str, int] = field(default_factory=dict)
    row_index: list[int] = field(default_factory=list)  # the record position of each row


def _extract_batch(args: tuple[str, list[str]]) -> list[list[Any] | str]:
    """Worker-process entry: statements per text, or the error message for a text that failed."""
    pipeline, texts = args
    ex = _worker_extractor(pipeline)
    return _extract_safely(ex, texts)


def _worker_extractor(pipeline: str) -> Any:
    # the scorer checks max_chars itself, so its extractors take any length
    from ..extraction import EXTRACTORS

    return EXTRACTORS.get(pipeline, max_chars=None)


def _extract_safely(ex: Any, texts: list[str]) -> list[list[Any] | str]:
    """Statements per text, or an error message for a text that failed. A text the library
    rejects (a StanceError) is a bad record; any other exception is a bug in the library:
    it becomes the record's error row too (one document must not stop a corpus run), and its
    traceback is logged so it can be reported."""
    try:
        return [list(s) for s in ex.pipe(texts)]
    except Exception:  # noqa: BLE001 - one bad text must not sink the batch: retry one by one
        out: list[list[Any] | str] = []
        for t in texts:
            try:
                out.append(list(ex.extract(t)))
            except StanceError as exc:
                out.append(f"extraction failed: {exc}")
            except Exception as exc:  # noqa: BLE001 - a library bug: logged with its traceback, reported per record
                log.exception("extraction raised %s on a document of %d characters; please report this bug", type(exc).__name__, len(t))
                out.append(f"extraction failed (library bug, traceback logged): {type(exc).__name__}: {exc}")
        return out


class Scorer:
    """Holds a classifier and an extractor (or a process pool of them) and scores chunks of
    records as ``options`` say. ``options.workers > 1`` parses in that many processes;
    classification stays here."""

    def __init__(self, model: Any = "accurate", options: ScoringOptions | None = None) -> None:
        from ..classify import StanceClassifier, load
        from ..extraction import DEFAULT_PIPELINE
        from ..targets import as_target

        self.options = options or ScoringOptions()
        self.clf: StanceClassifier = load(model) if isinstance(model, str) else model
        self.target = as_target(self.options.target)
        if self.target.name.lower() != self.clf.config.target.lower():
            raise UsageError(
                f"the model was trained for target {self.clf.config.target!r}, not {self.target.name!r}; "
                f"load a model for {self.target.name!r} (stance train --target ...)"
            )
        self.pipeline = self.options.pipeline or DEFAULT_PIPELINE
        scheme = self.clf.scheme  # the primary head's labels, and the sentiment head's if the model has one
        self.shape = RowShape(
            tuple(scheme.labels(scheme.primary)),
            scheme.labels("sentiment") if "sentiment" in scheme.secondary else None,
            tuple(self.options.carried),
        )
        self.columns = self.shape.columns
        self.model_id = model_id(self.clf.config)
        self._pool: Any = None
        self._extractor: Any = None

    # -- lifecycle ------------------------------------------------------------------------
    def _extract(self, texts: list[str]) -> list[list[Any] | str]:
        workers = self.options.workers
        if workers == 1:
            if self._extractor is None:
                self._extractor = _worker_extractor(self.pipeline)
            return _extract_safely(self._extractor, texts)
        if self._pool is None:
            import multiprocessing as mp

            # spawn: a fresh interpreter per worker (forking a process that holds torch threads can deadlock)
            self._pool = mp.get_context("spawn").Pool(workers)
        size = max(1, min(16, -(-len(texts) // (workers * 2))))
        batches = [(self.pipeline, texts[i : i + size]) for i in range(0, len(texts), size)]
        out: list[list[Any] | str] = []
        for part in self._pool.imap(_extract_batch, batches):
            out.extend(part)
        return out

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> Scorer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- scoring ----------------------------------------------------------------------------
    def error_row(self, rec: Record, reason: str) -> dict[str, Any]:
        return {"record": rec.index + 1, "doc_id": rec.id, "error": reason}

    def score(self, records: Sequence[Record]) -> ChunkResult:
        """Score one chunk; never raises for a bad record (it becomes an error row)."""
        from .._analyze import classify_statements

        res = ChunkResult([], [], documents=len(records))
        good: list[Record] = []
        limit = self.options.max_chars
        for rec in records:
            if rec.error is not None:
                res.errors.append(self.error_row(rec, rec.error))
            elif rec.text is None:
                res.errors.append(self.error_row(rec, "missing text"))
            elif len(rec.text) > limit:
                res.errors.append(
                    self.error_row(
                        rec, f"document too long: {len(rec.text):,} characters > max_chars {limit:,}; raise --max-chars to score it"
                    )
                )
            else:
                good.append(rec)
        extracted = self._extract([r.text or "" for r in good]) if good else []
        docs: list[tuple[Record, list[Any]]] = []
        for rec, stmts in zip(good, extracted, strict=True):
            if isinstance(stmts, str):
                res.errors.append(self.error_row(rec, stmts))
            elif not stmts:
                res.without_statements += 1
            else:
                docs.append((rec, stmts))
        labelled = classify_statements(
            [(rec.text or "", stmts) for rec, stmts in docs], self.clf, target=self.target, batch_size=self.options.batch_size
        )
        for (rec, _), statements in zip(docs, labelled, strict=True):
            for i, s in enumerate(statements):
                res.rows.append(self.shape.row(rec.id, i, s, rec.meta, self.model_id))
                res.row_index.append(rec.index)
                res.stance_counts[s.stance] = res.stance_counts.get(s.stance, 0) + 1
        return res


def model_id(config: Any) -> str:
    """How output rows name the model: its name and the first 8 characters of its data version."""
    return f"{config.name}@{(config.data_version or '')[:8]}"


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for r in records:
        chunk.append(r)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _as_records(items: Iterable[Any], text_col: str, id_col: str, meta_cols: Sequence[str]) -> Iterator[Record]:
    from ._io import _make

    for i, obj in enumerate(items):
        if isinstance(obj, Record):
            yield obj
        elif isinstance(obj, str):
            yield Record(i, str(i + 1), obj)
        elif isinstance(obj, tuple) and len(obj) == 2 and isinstance(obj[0], str):
            yield Record(i, str(obj[1]), obj[0])  # (text, id), like spaCy's as_tuples
        else:
            yield _make(i, dict(obj) if hasattr(obj, "keys") else obj, text_col, id_col, meta_cols)


def score_corpus(
    records: Iterable[Any], *, model: Any = "accurate", options: ScoringOptions | None = None, **settings: Any
) -> Iterator[dict[str, Any]]:
    """Score documents lazily: yields one row per statement, in input order.

    ``records`` are dicts (with ``options.text_col``, optional ``id_col`` and ``meta_cols``),
    plain strings, or ``(text, id)`` tuples. Settings come from ``options``
    (:class:`ScoringOptions`); keyword arguments override single settings
    (``score_corpus(docs, batch_size=64)``). A record that cannot be scored yields one row
    with ``error`` set (and ``doc_id`` and ``record``, its number counted from 1) instead of
    statements; nothing is dropped silently. Documents with no statement yield no row."""
    opts = (options or ScoringOptions()).with_(**settings)
    with Scorer(model, opts) as scorer:
        for chunk in _chunks(_as_records(records, opts.text_col, opts.id_col, opts.carried), opts.chunk_size):
            res = scorer.score(chunk)
            # keep input order: merge statement rows and error rows by record position
            merged = [(i, 0, r) for i, r in zip(res.row_index, res.rows, strict=True)] + [(e["record"] - 1, 1, e) for e in res.errors]
            for _, _, row in sorted(merged, key=lambda t: (t[0], t[1])):
                yield row


def score_dataset(
    ds: Any, *, model: Any = "accurate", options: ScoringOptions | None = None, map_batch_size: int = 64, **settings: Any
) -> Any:
    """Score a ``datasets.Dataset``; returns a new Dataset with one row per statement (and an
    ``error`` column, empty for scored rows, set for a record that could not be scored).
    Settings as in :func:`score_corpus`."""
    from datasets import Dataset

    opts = (options or ScoringOptions()).with_(**settings)
    if not isinstance(ds, Dataset):
        raise TypeError(f"score_dataset expects a datasets.Dataset, got {type(ds).__name__}; for other iterables use score_corpus")
    if opts.text_col not in ds.column_names:
        raise InputError(f"the dataset has no {opts.text_col!r} column (columns: {ds.column_names}); pass text_col=")
    missing = [c for c in opts.carried if c not in ds.column_names]
    if missing:
        raise InputError(f"the dataset has no column(s) {missing} (columns: {ds.column_names})")
    scorer = Scorer(model, opts.with_(workers=1))
    columns = [*scorer.columns, "error"]

    def fn(batch: dict[str, list], indices: list[int]) -> dict[str, list]:
        from ._io import _make

        n = len(batch[opts.text_col])
        recs = [_make(indices[i], {k: batch[k][i] for k in batch}, opts.text_col, opts.id_col, opts.carried) for i in range(n)]
        res = scorer.score(recs)
        out: dict[str, list] = {c: [] for c in columns}
        for r in res.rows:
            for c in columns:
                out[c].append(r.get(c))
        for e in res.errors:
            for c in columns:
                out[c].append(e["doc_id"] if c == "doc_id" else e["error"] if c == "error" else None)
        return out

    import pyarrow as pa
    from datasets import Features

    schema = scorer.shape.arrow_schema().append(pa.field("error", pa.string()))
    features = Features.from_arrow_schema(schema)
    try:
        return ds.map(fn, batched=True, batch_size=map_batch_size, with_indices=True, remove_columns=ds.column_names, features=features)
    finally:
        scorer.close()
