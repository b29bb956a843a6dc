"""The real-news gold: standoff annotations over third-party articles about NATO.

The project never stores the articles' text. ``data/real/annotations/<family>/<doc>.json``
holds, per article, the source file, the sha256 of the article text, and every annotated
statement as character offsets with its speaker, kind, cue and labels (format:
``data/real/FORMAT.md``). The text is read from a local copy of the public sources (see
``_sources``) and checked against the recorded sha256 before any offset is used.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataFormatError
from ..labels import SENTIMENTS, STANCES
from ._sources import LAYERS, REAL_KINDS, TARGET_REFS, from_standoff, read_document, real_dir, split_doc_id

__all__ = [
    "REAL_COLUMNS",
    "RealArticle",
    "RealStatement",
    "load_real_news",
    "load_splits",
    "real_articles",
    "real_rows",
    "resolve_record",
    "validate_record",
]


@dataclass(frozen=True)
class RealStatement:
    """One annotated statement of a real article, offsets into the article text."""

    text: str
    start: int
    end: int
    kind: str
    cue: str | None
    speaker: str | None
    speaker_mention: str | None
    speaker_start: int | None
    speaker_end: int | None
    reported_by: str | None
    about_target: bool
    target_ref: str
    stance: str
    sentiment: str
    prefill: int | None = None
    corrected: tuple[str, ...] = ()


@dataclass(frozen=True)
class RealArticle:
    id: str
    family: str
    text: str
    layer: str
    outlet: str
    lean: str
    date: str
    annotator: str
    statements: tuple[RealStatement, ...] = field(default_factory=tuple)
    split: str | None = None
    prefill: dict[str, Any] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date[:4].isdigit() else None


def validate_record(rec: dict[str, Any], where: str) -> None:
    """Check a standoff annotation record's fields (offsets are checked against the text later)."""
    for key in ("doc", "sha256", "layer", "statements"):
        if key not in rec:
            raise DataFormatError(f"{where}: missing field {key!r}")
    if rec["layer"] not in LAYERS:
        raise DataFormatError(f"{where}: layer {rec['layer']!r} is not one of {LAYERS}")
    for i, s in enumerate(rec["statements"]):
        w = f"{where} statement {i}"
        for key in ("start", "end", "kind", "stance", "sentiment", "about_target", "target_ref"):
            if key not in s:
                raise DataFormatError(f"{w}: missing field {key!r}")
        if s["kind"] not in REAL_KINDS:
            raise DataFormatError(f"{w}: kind {s['kind']!r} is not one of {REAL_KINDS}")
        if s["stance"] not in STANCES or s["sentiment"] not in SENTIMENTS:
            raise DataFormatError(f"{w}: labels {s['stance']!r}/{s['sentiment']!r}; expected one of {STANCES} and {SENTIMENTS}")
        if s["target_ref"] not in TARGET_REFS:
            raise DataFormatError(f"{w}: target_ref {s['target_ref']!r} is not one of {TARGET_REFS}")
        if not isinstance(s["about_target"], bool):
            raise DataFormatError(f"{w}: about_target must be true or false")
        if not (isinstance(s["start"], int) and isinstance(s["end"], int) and 0 <= s["start"] < s["end"]):
            raise DataFormatError(f"{w}: offsets must be integers with 0 <= start < end")
        if not s["about_target"] and (s["stance"], s["sentiment"], s["target_ref"]) != ("neutral", "neutral", "none"):
            raise DataFormatError(f"{w}: a statement not about the target is neutral/neutral with target_ref 'none'")
        if rec["layer"] == "nato" and not s["about_target"]:
            raise DataFormatError(f"{w}: a 'nato'-layer article holds only statements about the target")


def resolve_record(rec: dict[str, Any], text: str, where: str, split: str | None = None, meta: dict[str, Any] | None = None) -> RealArticle:
    """Turn a standoff record and its verified text into a :class:`RealArticle`."""
    validate_record(rec, where)
    statements = []
    for i, s in enumerate(rec["statements"]):
        if s["end"] > len(text):
            raise DataFormatError(f"{where} statement {i}: end {s['end']} is past the end of the text ({len(text)} characters)")
        ms, me = s.get("speaker_start"), s.get("speaker_end")
        mention = text[ms:me] if ms is not None and me is not None else None
        statements.append(
            RealStatement(
                text=text[s["start"] : s["end"]],
                start=s["start"],
                end=s["end"],
                kind=s["kind"],
                cue=from_standoff(s.get("cue"), text),
                speaker=from_standoff(s.get("speaker"), text),
                speaker_mention=mention,
                speaker_start=ms,
                speaker_end=me,
                reported_by=from_standoff(s.get("reported_by"), text),
                about_target=s["about_target"],
                target_ref=s["target_ref"],
                stance=s["stance"],
                sentiment=s["sentiment"],
                prefill=s.get("prefill"),
                corrected=tuple(s.get("corrected") or ()),
            )
        )
    meta = meta or {}
    return RealArticle(
        id=rec["doc"],
        family=split_doc_id(rec["doc"])[0].family,
        text=text,
        layer=rec["layer"],
        outlet=rec.get("outlet") or meta.get("outlet", ""),
        lean=rec.get("lean") or meta.get("lean", ""),
        date=rec.get("date") or meta.get("date", ""),
        annotator=rec.get("annotator", ""),
        statements=tuple(sorted(statements, key=lambda s: (s.start, s.end))),
        split=split,
        prefill=dict(rec.get("prefill") or {}),
    )


def iter_records(annotations: Path | None = None) -> Iterator[tuple[Path, dict[str, Any]]]:
    base = annotations if annotations is not None else real_dir() / "annotations"
    for p in sorted(base.glob("*/*.json")):
        try:
            yield p, json.loads(p.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise DataFormatError(f"{p}: invalid JSON ({exc})") from exc


def load_splits(path: Path | None = None) -> dict[str, str]:
    p = path if path is not None else real_dir() / "splits.json"
    if not p.is_file():
        return {}
    return dict(json.loads(p.read_text(encoding="utf-8"))["splits"])


def real_articles(
    root: str | os.PathLike[str] | None = None, *, annotations: str | os.PathLike[str] | None = None, layer: str | None = None
) -> list[RealArticle]:
    """Every annotated real article, its text resolved from the local copy and checked.

    ``layer="full"`` keeps the articles with every statement annotated; ``"nato"`` those with
    only the statements about NATO; None (default) both."""
    splits = load_splits()
    out = []
    for p, rec in iter_records(Path(annotations) if annotations is not None else None):
        if layer is not None and rec.get("layer") != layer:
            continue
        text, meta = read_document(rec["doc"], root, sha256=rec.get("sha256"))
        out.append(resolve_record(rec, text, str(p), split=splits.get(rec["doc"]), meta=meta))
    return out


REAL_COLUMNS = (
    "id",
    "doc_id",
    "family",
    "full_article",
    "text",
    "context",
    "speaker",
    "kind",
    "about_target",
    "target_ref",
    "stance",
    "sentiment",
    "outlet",
    "lean",
    "year",
    "split",
)


def real_rows(articles: list[RealArticle]) -> list[dict[str, Any]]:
    """One flat row per annotated statement, with the context the classifier reads."""
    from .._analyze import context_of

    rows = []
    for a in articles:
        for k, s in enumerate(a.statements):
            rows.append(
                {
                    "id": f"{a.id}#{k}",
                    "doc_id": a.id,
                    "family": a.family,
                    "full_article": a.layer == "full",
                    "text": s.text,
                    "context": context_of(a.text, s),
                    "speaker": s.speaker or "",
                    "kind": s.kind,
                    "about_target": s.about_target,
                    "target_ref": s.target_ref,
                    "stance": s.stance,
                    "sentiment": s.sentiment,
                    "outlet": a.outlet,
                    "lean": a.lean,
                    "year": a.year or 0,
                    "split": a.split or "",
                }
            )
    return rows


def load_real_news(root: str | os.PathLike[str] | None = None, *, annotations: str | os.PathLike[str] | None = None):
    """The real-news gold as a ``datasets.DatasetDict`` with ``train`` / ``dev`` / ``test``.

    One row per annotated statement (columns ``REAL_COLUMNS``). The *NATO layer* is the rows
    with ``about_target``; the *full-article layer* (every statement of an article, the
    realistic mix) is the rows with ``full_article``. Texts come from the local copy of the
    sources (``root``, ``$STANCE_SHARED_DATA`` or ``../shared/data``); a missing or changed
    source raises :class:`SourceMissingError` naming the repository and commit to get."""
    from datasets import Dataset, DatasetDict, Features, Value

    rows = real_rows(real_articles(root, annotations=annotations))
    features = Features(
        {
            **{c: Value("string") for c in REAL_COLUMNS},
            "full_article": Value("bool"),
            "about_target": Value("bool"),
            "year": Value("int32"),
        }
    )
    parts = {}
    for name in ("train", "dev", "test"):
        part = [r for r in rows if r["split"] == name]
        parts[name] = Dataset.from_list(part, features=features) if part else Dataset.from_list([], features=features)
    unsplit = sorted({r["doc_id"] for r in rows if r["split"] not in ("train", "dev", "test")})
    if unsplit:
        raise DataFormatError(
            f"{len(unsplit)} annotated article(s) have no split (e.g. {unsplit[0]}); run `python -m stance.data.real_splits --write`"
        )
    return DatasetDict(parts)
