"""Scoring documents in chunks: extraction (optionally in worker processes), one classifier
call per chunk, flat output rows, and a per-record error row for anything that cannot be
scored. Used by ``score_corpus``, ``score_dataset``, the CLI runner and the Ray actors."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._io import Record, row_columns

__all__ = ["ChunkResult", "DEFAULT_MAX_CHARS", "Scorer", "score_corpus", "score_dataset"]

log = logging.getLogger(__name__)

DEFAULT_MAX_CHARS = 1_000_000  # ~150,000 words: far beyond any news article
DEFAULT_CHUNK = 256


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


_WORKER_EXTRACTORS: dict[str, Any] = {}


def _worker_extractor(pipeline: str) -> Any:
    # one extractor per worker process (each process has its own copy of this dict)
    if pipeline not in _WORKER_EXTRACTORS:
        from ..extraction import Extractor

        _WORKER_EXTRACTORS[pipeline] = Extractor(pipeline, max_chars=None)
    return _WORKER_EXTRACTORS[pipeline]


def _extract_safely(ex: Any, texts: list[str]) -> list[list[Any] | str]:
    try:
        return [list(s) for s in ex.pipe(texts)]
    except Exception:  # one bad text must not sink the batch: retry one by one
        out: list[list[Any] | str] = []
        for t in texts:
            try:
                out.append(list(ex.extract(t)))
            except Exception as exc:  # noqa: BLE001 - reported per record
                out.append(f"extraction failed: {type(exc).__name__}: {exc}")
        return out


class Scorer:
    """Holds a classifier and an extractor (or a process pool of them) and scores chunks of
    records. ``workers > 1`` parses in that many processes; classification stays here."""

    def __init__(
        self,
        model: Any = "accurate",
        *,
        target: str = "NATO",
        meta_cols: Sequence[str] = (),
        batch_size: int = 32,
        workers: int = 1,
        max_chars: int = DEFAULT_MAX_CHARS,
        pipeline: str | None = None,
    ) -> None:
        from ..classify import StanceClassifier, load
        from ..extraction import DEFAULT_PIPELINE
        from ..targets import as_target

        if workers < 1:
            raise ValueError("workers must be >= 1")
        if max_chars < 1:
            raise ValueError("max_chars must be >= 1")
        self.clf: StanceClassifier = load(model) if isinstance(model, str) else model
        self.target = as_target(target)
        if self.target.name.lower() != self.clf.config.target.lower():
            raise ValueError(
                f"the model was trained for target {self.clf.config.target!r}, not {self.target.name!r}; "
                f"load a model for {self.target.name!r} (stance train --target ...)"
            )
        self.meta_cols = list(meta_cols)
        self.batch_size = batch_size
        self.workers = workers
        self.max_chars = max_chars
        self.pipeline = pipeline or DEFAULT_PIPELINE
        heads = self.clf.config.heads
        main = next(iter(heads))
        other = next((k for k in heads if k != main), None)
        self.stance_labels = list(heads[main])
        self.sentiment_labels = list(heads[other]) if other else None
        self.columns = row_columns(self.stance_labels, self.sentiment_labels, self.meta_cols)
        self.model_id = f"{self.clf.config.name}@{(self.clf.config.data_version or '')[:8]}"
        self._pool: Any = None
        self._extractor: Any = None

    # -- lifecycle ------------------------------------------------------------------------
    def _extract(self, texts: list[str]) -> list[list[Any] | str]:
        if self.workers == 1:
            if self._extractor is None:
                from ..extraction import Extractor

                self._extractor = Extractor(self.pipeline, max_chars=None)  # the scorer checks max_chars itself
            return _extract_safely(self._extractor, texts)
        if self._pool is None:
            import multiprocessing as mp

            # spawn: a fresh interpreter per worker (forking a process that holds torch threads can deadlock)
            self._pool = mp.get_context("spawn").Pool(self.workers)
        size = max(1, min(16, -(-len(texts) // (self.workers * 2))))
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
        from .._analyze import context_of

        res = ChunkResult([], [], documents=len(records))
        good: list[Record] = []
        for rec in records:
            if rec.error is not None:
                res.errors.append(self.error_row(rec, rec.error))
            elif rec.text is None:
                res.errors.append(self.error_row(rec, "missing text"))
            elif len(rec.text) > self.max_chars:
                res.errors.append(
                    self.error_row(
                        rec,
                        f"document too long: {len(rec.text):,} characters > max_chars {self.max_chars:,}; raise --max-chars to score it",
                    )
                )
            else:
                good.append(rec)
        extracted = self._extract([r.text or "" for r in good]) if good else []
        items: list[tuple[Record, int, Any]] = []
        for rec, stmts in zip(good, extracted, strict=True):
            if isinstance(stmts, str):
                res.errors.append(self.error_row(rec, stmts))
                continue
            if not stmts:
                res.without_statements += 1
            items.extend((rec, i, s) for i, s in enumerate(stmts))
        if not items:
            return res
        texts = [s.text for _, _, s in items]
        contexts = [context_of(rec.text or "", s) for rec, _, s in items]
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # truncation is flagged on each row instead
            preds = self.clf.predict(texts, target=self.target, contexts=contexts, batch_size=self.batch_size, show_progress_bar=False)
        for (rec, i, s), p in zip(items, preds, strict=True):
            row: dict[str, Any] = {
                "doc_id": rec.id,
                "statement_index": i,
                "speaker": s.speaker,
                "speaker_mention": s.speaker_mention,
                "kind": s.kind,
                "reported_by": s.reported_by,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "stance": p.stance,
            }
            for lab in self.stance_labels:
                row[f"stance_{lab}"] = round(float(p.stance_scores[lab]), 6)
            if self.sentiment_labels:
                row["sentiment"] = p.sentiment
                for lab in self.sentiment_labels:
                    row[f"sentiment_{lab}"] = round(float((p.sentiment_scores or {})[lab]), 6)
            row["confidence"] = round(float(p.confidence), 6)
            row["mentions_target"] = bool(p.mentions_target)
            row["truncated"] = bool(p.truncated)
            for c in self.meta_cols:
                row[c] = rec.meta.get(c)
            row["model"] = self.model_id
            res.rows.append(row)
            res.row_index.append(rec.index)
            res.stance_counts[p.stance] = res.stance_counts.get(p.stance, 0) + 1
        return res


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
            yield Record(i, str(i), obj)
        elif isinstance(obj, tuple) and len(obj) == 2 and isinstance(obj[0], str):
            yield Record(i, str(obj[1]), obj[0])  # (text, id), like spaCy's as_tuples
        else:
            yield _make(i, dict(obj) if hasattr(obj, "keys") else obj, text_col, id_col, meta_cols)


def score_corpus(
    records: Iterable[Any],
    *,
    model: Any = "accurate",
    target: str = "NATO",
    text_col: str = "text",
    id_col: str = "id",
    meta_cols: Sequence[str] = (),
    batch_size: int = 32,
    chunk_size: int = DEFAULT_CHUNK,
    workers: int = 1,
    max_chars: int = DEFAULT_MAX_CHARS,
    pipeline: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Score documents lazily: yields one row per statement, in input order.

    ``records`` are dicts (with ``text_col``, optional ``id_col`` and ``meta_cols``), plain
    strings, or ``(text, id)`` tuples. A record that cannot be scored yields one row with
    ``error`` set (and ``doc_id`` and ``record``, its 1-based position) instead of
    statements; nothing is dropped silently. Documents with no statement yield no row."""
    with Scorer(
        model, target=target, meta_cols=meta_cols, batch_size=batch_size, workers=workers, max_chars=max_chars, pipeline=pipeline
    ) as scorer:
        for chunk in _chunks(_as_records(records, text_col, id_col, meta_cols), chunk_size):
            res = scorer.score(chunk)
            # keep input order: merge statement rows and error rows by record position
            merged = [(i, 0, r) for i, r in zip(res.row_index, res.rows, strict=True)] + [(e["record"] - 1, 1, e) for e in res.errors]
            for _, _, row in sorted(merged, key=lambda t: (t[0], t[1])):
                yield row


def score_dataset(
    ds: Any,
    *,
    model: Any = "accurate",
    target: str = "NATO",
    text_col: str = "text",
    id_col: str = "id",
    meta_cols: Sequence[str] = (),
    batch_size: int = 32,
    map_batch_size: int = 64,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Any:
    """Score a ``datasets.Dataset``; returns a new Dataset with one row per statement (and an
    ``error`` column, empty for scored rows, set for a record that could not be scored)."""
    from datasets import Dataset

    if not isinstance(ds, Dataset):
        raise TypeError(f"score_dataset expects a datasets.Dataset, got {type(ds).__name__}; for other iterables use score_corpus")
    if text_col not in ds.column_names:
        raise ValueError(f"the dataset has no {text_col!r} column (columns: {ds.column_names}); pass text_col=")
    missing = [c for c in meta_cols if c not in ds.column_names]
    if missing:
        raise ValueError(f"the dataset has no column(s) {missing} (columns: {ds.column_names})")
    scorer = Scorer(model, target=target, meta_cols=meta_cols, batch_size=batch_size, max_chars=max_chars)
    columns = [*scorer.columns, "error"]

    def fn(batch: dict[str, list], indices: list[int]) -> dict[str, list]:
        from ._io import _make

        n = len(batch[text_col])
        recs = [_make(indices[i], {k: batch[k][i] for k in batch}, text_col, id_col, meta_cols) for i in range(n)]
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

    from ._io import arrow_schema

    schema = arrow_schema(scorer.columns).append(pa.field("error", pa.string()))
    features = Features.from_arrow_schema(schema)
    try:
        return ds.map(fn, batched=True, batch_size=map_batch_size, with_indices=True, remove_columns=ds.column_names, features=features)
    finally:
        scorer.close()
