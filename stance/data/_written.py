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

from ..errors import DataFormatError, MissingInputError
from ..labels import SENTIMENTS, STANCES

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

__all__ = ["CORPUS_COLUMNS", "GoldArticle", "GoldStatement", "corpus_records", "default_data_dir", "load_articles", "load_corpus"]

KINDS = ("direct", "indirect", "mixed")


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
    split: str | None = None

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None


def default_data_dir() -> Path:
    """The ``data/`` folder: ``$STANCE_DATA_DIR`` or the checkout's ``data/``."""
    env = os.environ.get("STANCE_DATA_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "data"


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
        split=meta.get("split"),
    )


def iter_articles(folder: str | os.PathLike[str] | None = None) -> Iterator[GoldArticle]:
    root = Path(folder) if folder is not None else default_data_dir() / "articles"
    if not root.is_dir():
        raise MissingInputError(f"gold article folder {root} does not exist; pass the folder that holds <id>.txt/<id>.json pairs")
    files = sorted(root.glob("*.txt"))
    if not files:
        raise MissingInputError(
            f"gold article folder {root} holds no articles; it needs <id>.txt / <id>.json pairs (see data/ARTICLES_FORMAT.md)"
        )
    for txt in files:
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


# -- the labelled corpus ----------------------------------------------------------------

HARD_TAGS = frozenset(
    {
        "negation",
        "hedged",
        "condition_without_if",
        "sarcasm",
        "rhetorical_question",
        "quoted_to_reject",
        "member_state",
        "passing_mention",
        "third_party_report",
        "mixed_statement",
        "threat",
    }
)
CORPUS_COLUMNS = (
    "id",
    "text",
    "context",
    "speaker",
    "affiliation",
    "year",
    "target",
    "stance",
    "sentiment",
    "kind",
    "register",
    "phenomena",
    "hard",
    "names_target",
    "source",
    "article_id",
    "split",
)
_TARGET_WORDS = ("nato", "otan", "нато")


def _names_target(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in _TARGET_WORDS)


def corpus_records(data_dir: str | os.PathLike[str] | None = None) -> list[dict]:
    """Every labelled statement (standalone and from the gold articles) as plain dicts.

    Deliberately long: it maps the two sources (statement files, gold articles) onto one row schema side by side."""
    from .._analyze import context_of

    root = Path(data_dir) if data_dir is not None else default_data_dir()
    rows: list[dict] = []
    files = sorted((root / "statements").glob("*.jsonl"))
    if not files:
        raise MissingInputError(f"no statement files (*.jsonl) in {root / 'statements'}; set STANCE_DATA_DIR to the project's data/ folder")
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFormatError(f"{f}:{n}: invalid JSON ({exc.msg})") from exc
            missing = [k for k in ("id", "text", "context", "stance", "sentiment", "split") if k not in r]
            if missing:
                raise DataFormatError(f"{f}:{n}: missing field(s) {missing}")
            if r["stance"] not in STANCES or r["sentiment"] not in SENTIMENTS:
                raise DataFormatError(
                    f"{f}:{n}: unknown label stance={r['stance']!r} sentiment={r['sentiment']!r}; expected {STANCES} and {SENTIMENTS}"
                )
            phen = list(r.get("phenomena") or [])
            rows.append(
                {
                    "id": r["id"],
                    "text": r["text"],
                    "context": r["context"],
                    "speaker": r.get("speaker") or "",
                    "affiliation": r.get("affiliation") or "",
                    "year": int(r.get("year") or 0),
                    "target": r.get("target", "NATO"),
                    "stance": r["stance"],
                    "sentiment": r["sentiment"],
                    "kind": r.get("kind", "direct"),
                    "register": r.get("register", ""),
                    "phenomena": phen,
                    "hard": bool(set(phen) & HARD_TAGS),
                    "names_target": _names_target(r["text"]),
                    "source": "statement",
                    "article_id": "",
                    "split": r["split"],
                }
            )
    for art in load_articles(root / "articles"):
        for k, st in enumerate(art.statements):
            if st.stance is None or st.sentiment is None:
                continue
            phen = list(st.phenomena)
            rows.append(
                {
                    "id": f"{art.id}-{k:02d}",
                    "text": st.text,
                    "context": context_of(art.text, st),  # the same context prediction reads
                    "speaker": st.speaker or "",
                    "affiliation": st.affiliation or "",
                    "year": art.year or 0,
                    "target": "NATO",
                    "stance": st.stance,
                    "sentiment": st.sentiment,
                    "kind": st.kind,
                    "register": art.register or "",
                    "phenomena": phen,
                    "hard": bool(set(phen) & HARD_TAGS),
                    "names_target": _names_target(st.text),
                    "source": "article",
                    "article_id": art.id,
                    "split": art.split or "",
                }
            )
    return rows


def load_corpus(data_dir: str | os.PathLike[str] | None = None):
    """The labelled corpus as a ``datasets.DatasetDict`` with splits ``train``, ``dev``, ``test``.

    Columns: ``CORPUS_COLUMNS``. Labels are strings in the fixed orders ``STANCES`` and
    ``SENTIMENTS``. ``source`` says whether a row is a standalone written statement or a
    statement of a gold article (the realistic mix)."""
    from datasets import Dataset, DatasetDict, Features, Sequence, Value

    rows = corpus_records(data_dir)
    features = Features(
        {
            **{c: Value("string") for c in CORPUS_COLUMNS},
            "year": Value("int32"),
            "phenomena": Sequence(Value("string")),
            "hard": Value("bool"),
            "names_target": Value("bool"),
        }
    )
    splits = {}
    for name in ("train", "dev", "test"):
        part = [r for r in rows if r["split"] == name]
        if not part:
            raise DataFormatError(f"corpus split {name!r} is empty; run `python -m stance.data.splits --write`")
        splits[name] = Dataset.from_list(part, features=features)
    unknown = {r["split"] for r in rows} - {"train", "dev", "test"}
    if unknown:
        raise DataFormatError(f"unknown split name(s) {sorted(unknown)} in the corpus; expected train, dev, test")
    return DatasetDict(splits)
