"""The real-news gold: standoff annotations over third-party articles about NATO.

The project never stores the articles' text. ``data/real/annotations/<family>/<doc>.json``
holds, per article, the source file, the sha256 of the article text, and every annotated
statement as character offsets with its speaker, kind, cue and labels (format:
``data/real/FORMAT.md``). The text is read from a local copy of the public sources
(``../shared/data`` beside the checkout, ``$STANCE_SHARED_DATA``, or a folder the caller
names) and checked against the recorded sha256 before any offset is used.

Article text, per source family (documented in ``data/real/SOURCES.md``):

- ``allsides``: ``title + "\\n\\n" + content_original`` of ``allsides_nato/articles/<ID>.json``;
- ``ppn``: ``title + "\\n\\n" + maintext`` of ``ppn_en_nato/ppn_data/.../<name>.html.json``;
- ``kremlin``: the file ``kremlin_nato/text/<id>.txt`` as it is.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataFormatError, SourceMissingError
from ._written import SENTIMENTS, STANCES, default_data_dir

__all__ = [
    "FAMILIES",
    "REAL_KINDS",
    "SOURCES",
    "TARGET_REFS",
    "RealArticle",
    "RealSource",
    "RealStatement",
    "SourceMissingError",
    "annotation_path",
    "doc_file",
    "list_documents",
    "load_real_news",
    "read_document",
    "real_articles",
    "shared_data_root",
    "text_sha256",
]

REAL_KINDS = ("direct", "indirect", "mixed", "transcript")
TARGET_REFS = ("named", "anaphor", "none")
LAYERS = ("full", "nato")


@dataclass(frozen=True)
class RealSource:
    """One public source of real articles: where it comes from and how its text is read."""

    family: str
    folder: str
    repository: str
    commit: str
    licence: str
    files: str
    read: Callable[[Path], tuple[str, dict[str, Any]]]
    list_ids: Callable[[Path], list[str]]
    path_of: Callable[[Path, str], Path]


def _read_allsides(path: Path) -> tuple[str, dict[str, Any]]:
    d = json.loads(path.read_text(encoding="utf-8"))
    text = (d.get("title") or "").strip() + "\n\n" + (d.get("content_original") or "")
    return text, {"outlet": d.get("source") or "", "lean": d.get("bias_text") or "", "date": d.get("date") or ""}


def _read_ppn(path: Path) -> tuple[str, dict[str, Any]]:
    d = json.loads(path.read_text(encoding="utf-8"))
    text = (d.get("title") or "").strip() + "\n\n" + (d.get("maintext") or "")
    date = (d.get("date_publish") or "")[:10]
    return text, {"outlet": d.get("source_domain") or "", "lean": "russian-state", "date": date}


def _read_kremlin(path: Path) -> tuple[str, dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    date = ""
    for line in text.splitlines()[:6]:
        if line.startswith("Date: "):
            date = line[6:16]
    return text, {"outlet": "kremlin.ru", "lean": "russian-state", "date": date}


def _allsides_ids(folder: Path) -> list[str]:
    return sorted(p.stem for p in (folder / "articles").glob("*.json"))


def _ppn_ids(folder: Path) -> list[str]:
    """Records with a distinct URL and a genuine body (``index.tsv`` flags the others)."""
    index = folder / "index.tsv"
    with open(index, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = []
    for r in rows:
        if r.get("same_url_as") or r.get("maintext_is_boilerplate") not in ("0", "", None):
            continue
        if (folder / r["path"]).is_file():
            out.append(r["path"].removeprefix("ppn_data/").removesuffix(".html.json"))
    return sorted(out)


def _kremlin_ids(folder: Path) -> list[str]:
    return sorted((p.stem for p in (folder / "text").glob("*.txt")), key=lambda s: (len(s), s))


SOURCES: dict[str, RealSource] = {
    "allsides": RealSource(
        family="allsides",
        folder="allsides_nato",
        repository="https://github.com/ramybaly/Article-Bias-Prediction",
        commit="ced8111a720948e6a410e52031ace99c4e53f096",
        licence="Apache-2.0 (repository); the article texts are the outlets' (crawled from allsides.com)",
        files="data/jsons/<ID>.json (copied as allsides_nato/articles/<ID>.json)",
        read=_read_allsides,
        list_ids=_allsides_ids,
        path_of=lambda folder, i: folder / "articles" / f"{i}.json",
    ),
    "ppn": RealSource(
        family="ppn",
        folder="ppn_en_nato",
        repository="https://github.com/hybrinfox/ppn",
        commit="79c3e6ba90c863e7fd26590265b752bb45426796",
        licence="CC BY-NC 4.0 (non-commercial use only)",
        files="ppn_data/YYYY/MM/DD/<site>/<name>.html.json (same path under ppn_en_nato/)",
        read=_read_ppn,
        list_ids=_ppn_ids,
        path_of=lambda folder, i: folder / "ppn_data" / f"{i}.html.json",
    ),
    "kremlin": RealSource(
        family="kremlin",
        folder="kremlin_nato",
        repository="https://github.com/iandennismiller/valdai-transcripts",
        commit="d365d811cb40d792621e10c96f38729f6150cb21",
        licence="CC BY 4.0 (credit: kremlin.ru, President of Russia website)",
        files="var/extract/en.kremlin.ru/events/president/news/<id>.html (text extracted by kremlin_nato/extract_text.py)",
        read=_read_kremlin,
        list_ids=_kremlin_ids,
        path_of=lambda folder, i: folder / "text" / f"{i}.txt",
    ),
}
FAMILIES = tuple(SOURCES)


def shared_data_root(root: str | os.PathLike[str] | None = None) -> Path:
    """The local copy of the public data: ``root``, ``$STANCE_SHARED_DATA`` or ``../shared/data``."""
    if root is not None:
        return Path(root)
    env = os.environ.get("STANCE_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "data"


def split_doc_id(doc_id: str) -> tuple[RealSource, str]:
    family, sep, local = doc_id.partition(":")
    if not sep or family not in SOURCES or not local:
        raise DataFormatError(f"document id {doc_id!r} is not '<family>:<id>' with family one of {FAMILIES}")
    return SOURCES[family], local


def doc_file(doc_id: str, root: str | os.PathLike[str] | None = None) -> Path:
    src, local = split_doc_id(doc_id)
    return src.path_of(shared_data_root(root) / src.folder, local)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _missing(src: RealSource, what: str) -> SourceMissingError:
    return SourceMissingError(
        f"{what}. The real-news gold needs a local copy of {src.repository} at commit {src.commit} "
        f"({src.files}); put it under <data root>/{src.folder} (default ../shared/data beside the checkout) "
        "or name the data root with root= / $STANCE_SHARED_DATA"
    )


def read_document(doc_id: str, root: str | os.PathLike[str] | None = None, *, sha256: str | None = None) -> tuple[str, dict[str, Any]]:
    """The text and metadata of one source document; with ``sha256``, checked against it."""
    src, _ = split_doc_id(doc_id)
    path = doc_file(doc_id, root)
    if not path.is_file():
        raise _missing(src, f"{doc_id}: source file {path} not found")
    text, meta = src.read(path)
    if sha256 is not None and text_sha256(text) != sha256:
        raise _missing(src, f"{doc_id}: the text read from {path} differs from the annotated one (sha256 mismatch)")
    return text, meta


def list_documents(family: str, root: str | os.PathLike[str] | None = None) -> list[str]:
    """Every usable document id of a source family in the local copy."""
    src = SOURCES[family]
    folder = shared_data_root(root) / src.folder
    if not folder.is_dir():
        raise _missing(src, f"source folder {folder} not found")
    return [f"{family}:{i}" for i in src.list_ids(folder)]


def annotation_path(doc_id: str, base: Path | None = None) -> Path:
    """Where the standoff annotation of a document lives (``data/real/annotations/...``)."""
    src, local = split_doc_id(doc_id)
    base = base if base is not None else default_data_dir() / "real" / "annotations"
    return base / src.family / (local.replace("/", "_") + ".json")


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
                cue=s.get("cue"),
                speaker=s.get("speaker"),
                speaker_mention=mention,
                speaker_start=ms,
                speaker_end=me,
                reported_by=s.get("reported_by"),
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


def real_dir() -> Path:
    return default_data_dir() / "real"


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
