"""A resumable scoring job: input file → output file, committed chunk by chunk.

While a job runs, ``<output>.parts/`` holds a manifest (input checksum, model, options) and,
per finished chunk of input records, a rows file, an errors file and a stats file. A chunk
counts as done only once its stats file exists (each file is written to a temporary name,
fsynced and renamed), so a process killed at any instant leaves whole chunks or nothing.
``resume=True`` checks the manifest against this run, skips the chunks that are done and
scores the rest. When every chunk is done the parts are streamed into the output (JSON
Lines, CSV or Parquet), the errors into ``<output stem>.errors.jsonl`` and a summary into
``<output stem>.summary.json``, each written beside its target and renamed into place; then
the parts folder is removed. An existing output is never truncated: without ``overwrite``
the job refuses to start, with it the old file is replaced only by a finished new one.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CorpusInputError, StanceError, UsageError
from ._engine import Scorer, _chunks
from ._io import assemble, atomic_write, fingerprint, jsonl_bytes, output_format, read_records
from ._options import ScoringOptions

__all__ = ["ScoreSummary", "score_file"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScoreSummary:
    output: str
    errors_file: str
    documents: int
    statements: int
    errors: int
    documents_without_statements: int
    stance_counts: dict[str, int]
    seconds: float
    resumed_chunks: int = 0
    model: str = ""
    engine: str = "local"
    stance_shares: dict[str, float] = field(default_factory=dict)
    already_complete: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        shares = ", ".join(f"{k} {v:.1%}" for k, v in self.stance_shares.items()) or "–"
        done = [f"nothing to do: {self.output} is already complete (same input, model and options)"] if self.already_complete else []
        return done + [
            f"documents {self.documents:,} (without statements {self.documents_without_statements:,}), statements {self.statements:,}, "
            f"errors {self.errors:,} → {self.errors_file}",
            f"stance shares: {shares}; model {self.model}; {self.seconds:.1f} s"
            + (f"; {self.resumed_chunks} chunk(s) were already done" if self.resumed_chunks else ""),
        ]


def _finished(source: str, out: Path, summary_path: Path, model: Any, opts: ScoringOptions) -> ScoreSummary:
    """``--resume`` on a job that already finished: success if it is the same job, else say why not."""
    from ..classify import peek_config
    from ._engine import model_id

    try:
        saved = json.loads(summary_path.read_text(encoding="utf-8"))
        old = saved.pop("manifest")
    except (OSError, json.JSONDecodeError, KeyError) as exc:
        raise CorpusInputError(
            f"{out}: the output exists but has no readable summary ({summary_path.name}) to check it against; use --overwrite to score again"
        ) from exc
    name = model if isinstance(model, str) else None
    now = {"input_sha256": fingerprint(source), **opts.resume_key()}
    now["model"] = model_id(peek_config(name)) if name is not None else model_id(model.config)
    diff = [k for k in now if old.get(k) != now[k]]
    if diff:
        what = ", ".join(f"{k}: was {old.get(k)!r}, now {now[k]!r}" for k in diff)
        raise CorpusInputError(f"{out}: already complete, but from another run ({what}); use --overwrite to score again")
    known = {f for f in ScoreSummary.__dataclass_fields__}
    return ScoreSummary(**{**{k: v for k, v in saved.items() if k in known}, "already_complete": True})


def side_paths(output: Path) -> tuple[Path, Path, Path]:
    """(parts folder, errors file, summary file) of an output path."""
    stem = output.name[: -len(output.suffix)] if output.suffix else output.name
    return output.with_name(output.name + ".parts"), output.with_name(stem + ".errors.jsonl"), output.with_name(stem + ".summary.json")


def _progress(total: int | None, quiet: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="doc", disable=quiet or not sys.stderr.isatty(), dynamic_ncols=True)


def score_file(
    source: str,
    output: str,
    *,
    model: Any = "accurate",
    options: ScoringOptions | None = None,
    resume: bool = False,
    overwrite: bool = False,
    quiet: bool = False,
    on_chunk: Callable[[int], None] | None = None,
    **settings: Any,
) -> ScoreSummary:
    """Score ``source`` into ``output`` (see the module docstring for the guarantees).

    Settings come from ``options`` (keyword arguments override single ones). ``resume`` is
    idempotent: on a job that already finished with the same input, model and options it
    does nothing and returns the finished job's summary (``already_complete``)."""
    t0 = time.perf_counter()
    opts = (options or ScoringOptions()).with_(**settings)
    out = Path(output)
    fmt = output_format(out)
    parts, errors_path, summary_path = side_paths(out)
    if resume and out.exists() and not parts.is_dir() and not overwrite:
        _check_invocation(source, out, parts, resume, overwrite)
        return _finished(source, out, summary_path, model, opts)
    _check_invocation(source, out, parts, resume, overwrite)
    records = read_records(source, text_col=opts.text_col, id_col=opts.id_col, meta_cols=opts.carried)  # checks columns first
    scorer = _make_scorer(model, opts)
    manifest = {
        "input": str(source),
        "input_sha256": fingerprint(source),
        "model": scorer.model_id,
        **opts.resume_key(),
        "columns": scorer.columns,
    }
    try:
        _open_parts(parts, manifest, resume=resume, overwrite=overwrite)
    except CorpusInputError:
        scorer.close()
        raise
    resumed = _score_chunks(scorer, records, parts, opts.chunk_size, quiet=quiet, on_chunk=on_chunk, t0=t0)
    return _finish(parts, out, fmt, errors_path, summary_path, scorer, manifest, opts.engine, resumed=resumed, t0=t0)


def _check_invocation(source: str, out: Path, parts: Path, resume: bool, overwrite: bool) -> None:
    """Refuse, before any work, what cannot be done as asked."""
    if resume and overwrite:
        raise UsageError("--resume and --overwrite contradict each other; choose one")
    if resume and source == "-":
        raise UsageError("cannot resume from standard input; save the input to a file and score that")
    if out.exists() and not overwrite and not resume:
        raise CorpusInputError(
            f"{out}: the output exists; pass --overwrite to replace it (only once the new run is complete) or choose another path"
        )
    if parts.is_dir() and not resume and not overwrite:
        raise CorpusInputError(f"{parts}: an unfinished run of this output exists; pass --resume to finish it or --overwrite to start over")
    if not out.parent.is_dir():
        raise CorpusInputError(f"{out.parent}: the output folder does not exist; create it first")


def _make_scorer(model: Any, opts: ScoringOptions) -> Any:
    if opts.engine == "local":
        return Scorer(model, opts)
    from ._ray import RayScorer

    return RayScorer(model, opts)


def _open_parts(parts: Path, manifest: dict[str, Any], *, resume: bool, overwrite: bool) -> None:
    """Start a fresh parts folder, or check that the unfinished one belongs to this run."""
    if overwrite and parts.is_dir():
        shutil.rmtree(parts)
    if resume and parts.is_dir():
        old = json.loads((parts / "manifest.json").read_text(encoding="utf-8")) if (parts / "manifest.json").is_file() else {}
        diff = [k for k in manifest if old.get(k) != manifest[k]]
        if diff:
            what = ", ".join(f"{k}: was {old.get(k)!r}, now {manifest[k]!r}" for k in diff if k != "columns")
            raise CorpusInputError(
                f"{parts}: cannot resume — this run differs from the unfinished one ({what}); rerun with the same input and options, or --overwrite"
            )
    else:
        parts.mkdir()
        atomic_write(parts / "manifest.json", json.dumps(manifest, indent=1).encode())
    for stray in parts.glob(".*.tmp-*"):
        stray.unlink()


def _score_chunks(
    scorer: Any, records: Any, parts: Path, chunk_size: int, *, quiet: bool, on_chunk: Callable[[int], None] | None, t0: float
) -> int:
    """Score and commit every chunk not yet done; returns how many were done already."""
    done = {int(p.name[6:12]) for p in parts.glob("stats-*.json")}
    bar = _progress(None, quiet)
    new_statements = 0
    try:
        with scorer:
            for c, chunk in enumerate(_chunks(records, chunk_size)):
                if c not in done:
                    res = scorer.score(chunk)
                    atomic_write(parts / f"rows-{c:06d}.jsonl", jsonl_bytes(res.rows))
                    atomic_write(parts / f"errors-{c:06d}.jsonl", jsonl_bytes(res.errors))
                    stats = {
                        "documents": res.documents,
                        "statements": len(res.rows),
                        "errors": len(res.errors),
                        "without_statements": res.without_statements,
                        "stance_counts": res.stance_counts,
                    }
                    atomic_write(parts / f"stats-{c:06d}.json", json.dumps(stats).encode())  # the commit
                    new_statements += len(res.rows)
                    bar.set_postfix_str(f"{new_statements / max(time.perf_counter() - t0, 1e-9):.1f} statements/s", refresh=False)
                    if on_chunk is not None:
                        on_chunk(c)
                bar.update(len(chunk))
    finally:
        bar.close()
    return len(done)


def _finish(
    parts: Path,
    out: Path,
    fmt: str,
    errors_path: Path,
    summary_path: Path,
    scorer: Any,
    manifest: dict[str, Any],
    engine: str,
    *,
    resumed: int,
    t0: float,
) -> ScoreSummary:
    """Assemble the committed chunks into the output and the errors file, write the summary."""
    stats_files = sorted(parts.glob("stats-*.json"))
    chunks = [int(p.name[6:12]) for p in stats_files]
    if chunks != list(range(len(chunks))):
        raise StanceError(f"{parts}: chunks {sorted(set(range(max(chunks) + 1)) - set(chunks))} are missing; rerun with --resume")
    totals = {"documents": 0, "statements": 0, "errors": 0, "without_statements": 0}
    counts: dict[str, int] = {}
    for p in stats_files:
        st = json.loads(p.read_text(encoding="utf-8"))
        for k in totals:
            totals[k] += st[k]
        for k, v in st["stance_counts"].items():
            counts[k] = counts.get(k, 0) + v
    assemble([parts / f"rows-{c:06d}.jsonl" for c in chunks], out, fmt, scorer.columns)
    assemble([parts / f"errors-{c:06d}.jsonl" for c in chunks], errors_path, "jsonl", ())
    n = sum(counts.values())
    summary = ScoreSummary(
        output=str(out),
        errors_file=str(errors_path),
        documents=totals["documents"],
        statements=totals["statements"],
        errors=totals["errors"],
        documents_without_statements=totals["without_statements"],
        stance_counts=dict(sorted(counts.items())),
        stance_shares={k: v / n for k, v in sorted(counts.items())} if n else {},
        seconds=time.perf_counter() - t0,
        resumed_chunks=resumed,
        model=scorer.model_id,
        engine=engine,
    )
    atomic_write(summary_path, json.dumps({**summary.to_dict(), "manifest": manifest}, indent=1).encode())
    shutil.rmtree(parts)
    return summary
