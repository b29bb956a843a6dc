"""Streaming readers and writers for corpus scoring.

Readers turn every input item into a :class:`Record`, good or bad: a bad item (invalid JSON,
undecodable bytes, a missing or non-string text) becomes a record with ``error`` set, so it
can be reported with its line or id and the run goes on. Structural problems (an unreadable
file, a missing text column) raise :class:`CorpusInputError` before any work starts.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CorpusInputError, MissingInputError

__all__ = ["Record", "fingerprint", "output_format", "read_records", "read_rows"]

INPUT_HELP = "JSON Lines (.jsonl/.ndjson/.json), CSV (.csv), Parquet (.parquet), a saved datasets folder, or - for JSON Lines on stdin"
OUTPUT_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}


@dataclass(frozen=True)
class Record:
    """One input document: its position (``index``, 0-based; its record number, as reported
    and used as the fallback id, is ``index + 1`` = the JSON Lines line), id, text and
    metadata, or the reason it cannot be scored."""

    index: int
    id: str
    text: str | None
    meta: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def where(self) -> str:
        return f"record {self.index + 1} (id {self.id})"


def output_format(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise CorpusInputError(
            f"{path}: cannot tell the output format from {suffix or 'no suffix'!r}; name the file .jsonl, .csv or .parquet"
        )
    return OUTPUT_SUFFIXES[suffix]


def fingerprint(source: str | os.PathLike[str]) -> str:
    """sha256 of the input's bytes (of every file for a datasets folder); '-' has none."""
    if str(source) == "-":
        return "stdin"
    p = Path(source)
    h = hashlib.sha256()
    files = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
    for f in files:
        h.update(str(f.relative_to(p) if p.is_dir() else f.name).encode())
        with open(f, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def json_problem(exc: json.JSONDecodeError) -> str:
    """json's message without its dangling "at" ("Invalid control character at"), with the column."""
    msg = exc.msg[:-3] if exc.msg.endswith(" at") else exc.msg
    return f"{msg} at column {exc.colno}"


def _make(index: int, obj: Any, text_col: str, id_col: str, meta_cols: Sequence[str]) -> Record:
    """A record from one input row. Records are numbered from 1 (the line of a JSON Lines
    file, the data row of a CSV file); a record without an id gets its number as ``doc_id``."""
    if not isinstance(obj, dict):
        return Record(index, str(index + 1), None, {}, f"expected a JSON object, got {type(obj).__name__}")
    rid = obj.get(id_col)
    rid = str(index + 1) if rid is None or rid == "" else str(rid)
    meta = {c: (None if obj.get(c) is None else str(obj.get(c))) for c in meta_cols}
    text = obj.get(text_col)
    if text_col not in obj or text is None:
        return Record(index, rid, None, meta, f"missing text (no {text_col!r} field)")
    if not isinstance(text, str):
        return Record(index, rid, None, meta, f"text is {type(text).__name__}, not a string")
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        return Record(index, rid, None, meta, "text has undecodable bytes (not valid UTF-8)")
    return Record(index, rid, text, meta)


def _jsonl(stream: Any, text_col: str, id_col: str, meta_cols: Sequence[str], name: str) -> Iterator[Record]:
    checked = False
    index = -1
    for raw in stream:
        index += 1
        if not raw.strip():
            yield Record(index, str(index + 1), None, {}, "empty line")
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Record(index, str(index + 1), None, {}, f"undecodable bytes (not UTF-8) at byte {exc.start} of the line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Record(index, str(index + 1), None, {}, f"invalid JSON ({json_problem(exc)})")
            continue
        if not checked and isinstance(obj, dict):
            checked = True
            if text_col not in obj:
                raise CorpusInputError(
                    f"{name}: the first record has no {text_col!r} field (fields: {sorted(obj)}); name the text field with --text-col"
                )
        yield _make(index, obj, text_col, id_col, meta_cols)


def _check_columns(
    name: str, columns: Sequence[str], text_col: str, id_col: str | None, meta_cols: Sequence[str], date_col: str | None
) -> None:
    cols = list(columns)
    if text_col not in cols:
        raise CorpusInputError(f"{name}: no {text_col!r} column (columns: {cols}); name the text column with --text-col")
    missing = [c for c in meta_cols if c not in cols]
    if date_col and date_col not in cols:
        missing.append(date_col)
    if missing:
        raise CorpusInputError(f"{name}: missing column(s) {missing} named in --meta-cols/--date-col (columns: {cols})")


def read_records(
    source: str | os.PathLike[str],
    *,
    text_col: str = "text",
    id_col: str = "id",
    meta_cols: Sequence[str] = (),
    date_col: str | None = None,
) -> Iterator[Record]:
    """Stream the input's records. Checks the file and its columns first (raises
    :class:`CorpusInputError`), then yields lazily."""
    metas = list(dict.fromkeys([*([date_col] if date_col else []), *meta_cols]))
    if str(source) == "-":
        return _closing(_jsonl(sys.stdin.buffer, text_col, id_col, metas, "<stdin>"), None, prime=True)
    p = Path(source)
    if not p.exists():
        raise CorpusInputError(f"{p}: no such input; give {INPUT_HELP}")
    if p.is_dir():
        return _dataset_dir(p, text_col, id_col, metas)
    suffix = p.suffix.lower()
    try:
        fh = open(p, "rb")  # noqa: SIM115 - handed to a generator that closes it
    except OSError as exc:
        raise CorpusInputError(f"{p}: cannot read the input ({exc.strerror}); check the path and its permissions") from exc
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _closing(_jsonl(fh, text_col, id_col, metas, str(p)), fh, prime=True)
    if suffix == ".csv":
        return _closing(_csv(fh, p, text_col, id_col, metas), fh, prime=True)
    if suffix == ".parquet":
        fh.close()
        return _parquet(p, text_col, id_col, metas)
    fh.close()
    raise CorpusInputError(f"{p}: unknown input type {suffix!r}; give {INPUT_HELP}")


def _closing(gen: Iterator[Record], fh: Any, prime: bool) -> Iterator[Record]:
    """Run the generator up to its first record now (so column errors raise before any
    work) and close the file when it ends."""
    first: list[Record] = []
    try:
        if prime:
            nxt = next(gen, None)
            if nxt is not None:
                first.append(nxt)
    except BaseException:
        if fh is not None:
            fh.close()
        raise

    def rest() -> Iterator[Record]:
        try:
            yield from first
            yield from gen
        finally:
            if fh is not None:
                fh.close()

    return rest()


def _csv(fh: Any, p: Path, text_col: str, id_col: str, metas: Sequence[str]) -> Iterator[Record]:
    csv.field_size_limit(1 << 30)
    text = io.TextIOWrapper(fh, encoding="utf-8", errors="surrogateescape", newline="")
    reader = csv.DictReader(text)
    if reader.fieldnames is None:
        raise CorpusInputError(f"{p}: empty CSV (no header row); the first row must name the columns, one of them {text_col!r}")
    _check_columns(str(p), reader.fieldnames, text_col, None, [m for m in metas], None)
    for index, row in enumerate(reader):
        if None in row:
            yield Record(index, str(row.get(id_col) or index + 1), None, {}, "row has more fields than the header")
            continue
        yield _make(index, row, text_col, id_col, metas)


def _parquet(p: Path, text_col: str, id_col: str, metas: Sequence[str]) -> Iterator[Record]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(p)
    except Exception as exc:  # pyarrow raises several types for a broken file
        raise CorpusInputError(f"{p}: not a readable Parquet file ({exc}); check the file") from exc
    _check_columns(str(p), pf.schema_arrow.names, text_col, None, metas, None)

    def gen() -> Iterator[Record]:
        index = 0
        for batch in pf.iter_batches(batch_size=1024):
            for obj in batch.to_pylist():
                yield _make(index, obj, text_col, id_col, metas)
                index += 1

    return gen()


def _dataset_dir(p: Path, text_col: str, id_col: str, metas: Sequence[str]) -> Iterator[Record]:
    from datasets import Dataset, DatasetDict, load_from_disk

    try:
        ds = load_from_disk(str(p))
    except Exception as exc:  # datasets raises FileNotFoundError or its own errors
        raise CorpusInputError(f"{p}: not a saved datasets folder ({exc}); save one with Dataset.save_to_disk or give a file") from exc
    if isinstance(ds, DatasetDict):
        raise CorpusInputError(
            f"{p}: a DatasetDict with splits {list(ds)}; give the folder of one split (e.g. {p}/{next(iter(ds), 'train')})"
        )
    assert isinstance(ds, Dataset)
    _check_columns(str(p), ds.column_names, text_col, None, metas, None)

    def gen() -> Iterator[Record]:
        for index, obj in enumerate(ds):
            yield _make(index, dict(obj), text_col, id_col, metas)

    return gen()


# --- output files ----------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, fsync, then rename over it."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def jsonl_bytes(rows: Sequence[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def assemble(parts: Sequence[Path], out: Path, fmt: str, columns: Sequence[str]) -> int:
    """Stream JSON Lines parts into ``out`` (written beside it, then renamed). Returns rows."""
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    n = 0
    try:
        if fmt == "jsonl":
            with open(tmp, "wb") as f:
                for part in parts:
                    with open(part, "rb") as src:
                        for line in src:
                            f.write(line)
                            n += 1
                f.flush()
                os.fsync(f.fileno())
        elif fmt == "csv":
            with open(tmp, "w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, fieldnames=list(columns), extrasaction="ignore")
                w.writeheader()
                for part in parts:
                    with open(part, encoding="utf-8") as src:
                        for line in src:
                            w.writerow(json.loads(line))
                            n += 1
                f.flush()
                os.fsync(f.fileno())
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            from ._rows import arrow_schema

            schema = arrow_schema(columns)
            with pq.ParquetWriter(tmp, schema) as w:
                for part in parts:
                    with open(part, encoding="utf-8") as src:
                        rows = [json.loads(line) for line in src]
                    if rows:
                        w.write_table(pa.Table.from_pylist(rows, schema=schema))
                        n += len(rows)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return n


SCORED_COLUMNS = ("doc_id", "text", "stance", "model")


def read_rows(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Read a scored output file (JSON Lines, CSV or Parquet written by ``stance score``) back
    as row dicts. A file that is not one names the problem: a folder, another format, a line
    that is not JSON (with its number), or rows without the columns a scored file has."""
    p = Path(path)
    if p.is_dir():
        raise MissingInputError(f"{p} is a directory; give the scored file written by `stance score` (.jsonl, .csv or .parquet)")
    if not p.is_file():
        raise MissingInputError(f"{p}: no such scored file; run `stance score` first")
    suffix = p.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise CorpusInputError(
            f"{p}: not a scored file ({suffix or 'no suffix'}); `stance report` reads the .jsonl, .csv or .parquet output of `stance score`"
        )
    fmt = OUTPUT_SUFFIXES[suffix]
    rows = _scored_rows(p, fmt)
    first = next(rows, None)
    if first is None:
        return iter(())
    missing = [c for c in SCORED_COLUMNS if c not in first]
    if missing:
        raise CorpusInputError(
            f"{p}: not a scored file: its rows lack {missing} (they have {sorted(first)[:12]}); a scored file has "
            f"{', '.join(SCORED_COLUMNS)}, stance_<label> scores and more — score the corpus first: stance score {p.name} -o scored.jsonl"
        )
    return _chain(first, rows)


def _chain(first: dict[str, Any], rest: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    yield first
    yield from rest


def _scored_rows(p: Path, fmt: str) -> Iterator[dict[str, Any]]:
    if fmt == "jsonl":
        with open(p, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CorpusInputError(
                        f"{p}: line {n} is not valid JSON ({json_problem(exc)}); is this the output of `stance score`?"
                    ) from exc
                if not isinstance(row, dict):
                    raise CorpusInputError(f"{p}: line {n} is a JSON {type(row).__name__}, not a row object")
                yield row
    elif fmt == "csv":
        with open(p, newline="", encoding="utf-8") as f:
            yield from csv.DictReader(f)
    else:
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(p)
        except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a broken file
            raise CorpusInputError(f"{p}: not a readable Parquet file ({exc})") from exc
        for batch in pf.iter_batches(batch_size=4096):
            yield from batch.to_pylist()
