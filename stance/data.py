"""The project's written data: gold articles (and, from #3 on, the labelled corpus).

Gold articles live as hand-written pairs ``<id>.txt`` / ``<id>.json`` (see
``data/ARTICLES_FORMAT.md``). Character offsets are never written by hand: they are
resolved here, deterministically, from exact substrings.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

__all__ = ["GoldArticle", "GoldStatement", "default_data_dir", "load_articles"]

KINDS = ("direct", "indirect", "mixed")
STANCES = ("hostile", "conditional", "neutral")
SENTIMENTS = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class GoldStatement:
    """One gold attributed statement, with resolved character offsets."""

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_mention: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    kind: str
    reported_by: str | None = None
    affiliation: str | None = None
    stance: str | None = None
    sentiment: str | None = None
    phenomena: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    outlet: str | None
    register: str | None
    date: str | None
    statements: tuple[GoldStatement, ...] = field(default_factory=tuple)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None


class DataFormatError(ValueError):
    """A data file does not follow its documented format."""


def default_data_dir() -> Path:
    """The ``data/`` folder: ``$STANCE_DATA_DIR`` or the checkout's ``data/``."""
    env = os.environ.get("STANCE_DATA_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


def _at_word_boundary(haystack: str, needle: str, pos: int) -> bool:
    before = haystack[pos - 1] if pos > 0 else " "
    after = haystack[pos + len(needle)] if pos + len(needle) < len(haystack) else " "
    return not (needle[:1].isalnum() and before.isalnum()) and not (needle[-1:].isalnum() and after.isalnum())


def _occurrences(haystack: str, needle: str) -> list[int]:
    """Start offsets of ``needle`` as whole words ("he" never matches inside "the")."""
    out = []
    pos = haystack.find(needle)
    while pos >= 0:
        if _at_word_boundary(haystack, needle, pos):
            out.append(pos)
        pos = haystack.find(needle, pos + 1)
    return out


def _find_nth(haystack: str, needle: str, n: int) -> int:
    occ = _occurrences(haystack, needle)
    return occ[n - 1] if 0 < n <= len(occ) else -1


def _nearest(haystack: str, needle: str, start: int, end: int) -> int:
    """Offset of the whole-word occurrence of ``needle`` nearest to the span [start, end)."""
    best, best_d = -1, None
    for pos in _occurrences(haystack, needle):
        if pos + len(needle) <= start:
            d = start - (pos + len(needle))
        elif pos >= end:
            d = pos - end
        else:  # overlapping the statement: only allowed if it lies outside it
            d = None
        if d is not None and (best_d is None or d < best_d):
            best, best_d = pos, d
    return best


def _resolve_statement(text: str, raw: dict, where: str) -> GoldStatement:
    for key in ("text", "kind"):
        if key not in raw:
            raise DataFormatError(f"{where}: missing field {key!r}")
    s = raw["text"]
    occ = int(raw.get("occurrence") or 1)
    start = _find_nth(text, s, occ)
    if start < 0:
        raise DataFormatError(f"{where}: statement text not found in the article (occurrence {occ}): {s[:80]!r}")
    end = start + len(s)
    if raw["kind"] not in KINDS:
        raise DataFormatError(f"{where}: kind {raw['kind']!r} is not one of {KINDS}")
    for key, allowed in (("stance", STANCES), ("sentiment", SENTIMENTS)):
        if raw.get(key) is not None and raw[key] not in allowed:
            raise DataFormatError(f"{where}: {key} {raw[key]!r} is not one of {allowed}")
    mention = raw.get("speaker_mention")
    m_start = m_end = None
    if mention:
        mocc = raw.get("mention_occurrence")
        m_start = _find_nth(text, mention, int(mocc)) if mocc else _nearest(text, mention, start, end)
        if m_start < 0:
            raise DataFormatError(f"{where}: speaker_mention {mention!r} not found outside the statement")
        m_end = m_start + len(mention)
    return GoldStatement(
        text=s,
        start=start,
        end=end,
        speaker=raw.get("speaker"),
        speaker_mention=mention or None,
        speaker_start=m_start,
        speaker_end=m_end,
        cue=raw.get("cue"),
        kind=raw["kind"],
        reported_by=raw.get("reported_by"),
        affiliation=raw.get("affiliation"),
        stance=raw.get("stance"),
        sentiment=raw.get("sentiment"),
        phenomena=tuple(raw.get("phenomena") or ()),
    )


def read_article(txt_path: Path) -> GoldArticle:
    """Read one ``<id>.txt`` / ``<id>.json`` pair and resolve its offsets."""
    json_path = txt_path.with_suffix(".json")
    if not json_path.exists():
        raise DataFormatError(f"{txt_path}: no metadata file {json_path.name} beside it")
    text = txt_path.read_text(encoding="utf-8")
    try:
        meta = json.loads(json_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataFormatError(f"{json_path}: invalid JSON ({exc})") from exc
    statements = tuple(_resolve_statement(text, raw, f"{json_path.name} statement {i}") for i, raw in enumerate(meta.get("statements", [])))
    return GoldArticle(
        id=meta.get("id", txt_path.stem),
        text=text,
        outlet=meta.get("outlet"),
        register=meta.get("register"),
        date=meta.get("date"),
        statements=tuple(sorted(statements, key=lambda s: (s.start, s.end))),
    )


def iter_articles(folder: str | os.PathLike[str] | None = None) -> Iterator[GoldArticle]:
    root = Path(folder) if folder is not None else default_data_dir() / "articles"
    if not root.is_dir():
        raise FileNotFoundError(f"gold article folder {root} does not exist; pass the folder that holds <id>.txt/<id>.json pairs")
    for txt in sorted(root.glob("*.txt")):
        yield read_article(txt)


def load_articles(folder: str | os.PathLike[str] | None = None) -> list[GoldArticle]:
    """All gold articles in ``folder`` (default ``data/articles``), offsets resolved."""
    return list(iter_articles(folder))


if __name__ == "__main__":  # a quick checker for the people who write the articles
    import sys

    n_art = n_st = 0
    ok = True
    for p in sys.argv[1:] or [str(default_data_dir() / "articles")]:
        paths = sorted(Path(p).glob("*.txt")) if Path(p).is_dir() else [Path(p)]
        for txt in paths:
            try:
                art = read_article(txt)
            except DataFormatError as exc:
                ok = False
                print(f"ERROR {exc}")
                continue
            words = len(art.text.split())
            n_art += 1
            n_st += len(art.statements)
            print(f"ok {txt.name}: {words} words, {len(art.statements)} statements")
    print(f"{n_art} articles, {n_st} statements")
    sys.exit(0 if ok else 1)
