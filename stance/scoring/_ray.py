"""The Ray Data engine: the same chunk scoring, spread over an actor pool.

The driver streams the input (the same readers as the local engine) in chunks; each chunk
becomes a Ray Dataset (``ray.data.from_items``) and goes through ``map_batches`` with a pool
of actors, each of which loads the extractor and the model once and keeps them for every
batch of the chunk. The results come back to the driver, which commits them exactly like
the local engine, so ``--resume``, the output formats and the error file work the same.

Install with ``pip install 'nato-stance[ray]'``; ``address`` is passed to ``ray.init``
(``None`` starts a local instance; ``"auto"`` or ``"ray://host:10001"`` join a cluster).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..errors import ResourceError
from ._engine import ChunkResult, Scorer
from ._io import Record
from ._options import ScoringOptions

__all__ = ["RayScorer"]


class _ScoringActor:
    """One per Ray actor: builds a local :class:`Scorer` once, then scores batches."""

    def __init__(self, model: str, options: dict[str, Any]) -> None:
        self.scorer = Scorer(model, ScoringOptions(**options).with_(workers=1))

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        recs = [Record(int(r["index"]), r["id"], r["text"], json.loads(r["meta"]), r["error"]) for r in batch.to_pylist()]
        res = self.scorer.score(recs)
        kinds, index, payload = [], [], []
        for i, row in zip(res.row_index, res.rows, strict=True):
            kinds.append("row")
            index.append(i)
            payload.append(json.dumps(row, ensure_ascii=False))
        for e in res.errors:
            kinds.append("error")
            index.append(e["record"] - 1)
            payload.append(json.dumps(e, ensure_ascii=False))
        kinds.append("stats")
        index.append(-1)
        payload.append(json.dumps({"without_statements": res.without_statements}))
        return pa.table({"kind": kinds, "index": index, "payload": payload})


class RayScorer:
    """Drop-in for :class:`Scorer` in the resumable runner, scoring each chunk on Ray."""

    def __init__(self, model: str = "accurate", options: ScoringOptions | None = None, *, docs_per_batch: int = 64) -> None:
        try:
            import ray
        except ImportError as exc:
            raise ResourceError("the Ray engine needs Ray Data: pip install 'nato-stance[ray]'") from exc
        if not isinstance(model, str):
            raise TypeError("the Ray engine loads the model in each actor: give a model name or folder, not a loaded model")
        opts = options or ScoringOptions(engine="ray")
        # a local probe gives the columns and model id and fails fast on a bad model or target
        probe = Scorer(model, opts.with_(workers=1))
        self.columns = probe.columns
        self.model_id = probe.model_id
        self.target = probe.target
        self.model = str(probe.clf.source or model)
        self._options = opts.to_dict()
        del probe
        self.actors = opts.workers
        self.docs_per_batch = docs_per_batch
        self._started_here = False
        if not ray.is_initialized():
            ray.init(address=opts.address, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
            self._started_here = True

    def score(self, records: Sequence[Record]) -> ChunkResult:
        import ray

        items = [{"index": r.index, "id": r.id, "text": r.text, "meta": json.dumps(r.meta), "error": r.error} for r in records]
        ds = ray.data.from_items(items)
        out = ds.map_batches(
            _ScoringActor,
            batch_size=self.docs_per_batch,
            batch_format="pyarrow",
            fn_constructor_kwargs={"model": self.model, "options": self._options},
            concurrency=self.actors,
            num_cpus=1,
        )
        res = ChunkResult([], [], documents=len(records))
        rows: list[tuple[int, int, dict[str, Any]]] = []
        for batch in out.iter_batches(batch_format="pyarrow", batch_size=None):
            for r in batch.to_pylist():
                payload = json.loads(r["payload"])
                if r["kind"] == "row":
                    rows.append((r["index"], payload["statement_index"], payload))
                elif r["kind"] == "error":
                    res.errors.append(payload)
                else:
                    res.without_statements += payload["without_statements"]
        rows.sort(key=lambda t: (t[0], t[1]))
        for i, _, row in rows:
            res.rows.append(row)
            res.row_index.append(i)
            res.stance_counts[row["stance"]] = res.stance_counts.get(row["stance"], 0) + 1
        res.errors.sort(key=lambda e: e["record"])
        return res

    def close(self) -> None:
        import ray

        if self._started_here and ray.is_initialized():
            ray.shutdown()
            self._started_here = False

    def __enter__(self) -> RayScorer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
