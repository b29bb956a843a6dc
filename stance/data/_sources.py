"""The public sources of the real-news gold: where each comes from (repository, commit,
licence), how an article's text is read from a local copy, and document ids
(``<family>:<id>``). Article text, per source family (``data/real/SOURCES.md``):

- ``allsides``: ``title + "\\n\\n" + content_original`` of ``allsides_nato/articles/<ID>.json``;
- ``ppn``: ``title + "\\n\\n" + maintext`` of ``ppn_en_nato/ppn_data/.../<name>.html.json``;
- ``kremlin``: the file ``kremlin_nato/text/<id>.txt`` as it is.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataFormatError, SourceMissingError
from ._written import default_data_dir

__all__ = [
    "FAMILIES",
    "LAYERS",
    "REAL_KINDS",
    "SOURCES",
    "TARGET_REFS",
    "RealSource",
    "annotation_path",
    "doc_file",
    "list_documents",
    "read_document",
    "real_dir",
    "shared_data_root",
    "split_doc_id",
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


def real_dir() -> Path:
    return default_data_dir() / "real"


LONG_STRING_WORDS = 8  # strings of the article this long or longer are stored as offsets


def as_standoff(value: Any, text: str, near: int = 0) -> Any:
    """A speaker, cue or medium as the annotation stores it: as written when short; as
    ``{"span": [start, end]}`` into the article when it is a long run of the article's words
    (a description such as "a senior official who ..."), so no article text is stored."""
    if not isinstance(value, str) or len(value.split()) < LONG_STRING_WORDS:
        return value
    hits = []
    low, needle = text.lower(), value.lower()  # "a British general ..." also stands for "A British general ..."
    pos = low.find(needle)
    while pos >= 0:
        hits.append(pos)
        pos = low.find(needle, pos + 1)
    if not hits:
        return value
    start = min(hits, key=lambda p: abs(p - near))
    return {"span": [start, start + len(value)]}


def from_standoff(value: Any, text: str | None) -> Any:
    """The string a stored value stands for (``text`` is the article; None gives ``@start-end``)."""
    if isinstance(value, dict) and "span" in value:
        a, b = value["span"]
        return text[a:b] if text is not None else f"@{a}-{b}"
    return value
