"""Loaders for public evaluation sets kept outside the project (``../shared/data``).

Nothing here is ever copied into the project; every loader raises ``FileNotFoundError``
with the expected location when the folder is absent, and tests skip on that.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import SourceMissingError, UsageError
from .extraction import ExtractionDoc, GoldSpan

__all__ = [
    "EXTERNAL_SETS",
    "gold_article_docs",
    "real_news_docs",
    "load_newsmtsc",
    "load_polnear",
    "load_ruw",
    "load_unscon",
    "shared_data_dir",
]


def shared_data_dir() -> Path:
    """``$STANCE_SHARED_DATA`` or ``../shared/data`` beside the checkout (one rule, in ``stance.data``)."""
    from ..data._sources import shared_data_root

    return shared_data_root()


def _parse_ann(path: Path) -> list[GoldSpan]:
    spans: dict[str, tuple[str, int, int]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            head = parts[1].split(" ", 1)
            role, offs = head[0], head[1] if len(head) > 1 else ""
            pieces = [tuple(map(int, frag.split())) for frag in offs.split(";") if frag.strip()]
            if pieces:
                spans[parts[0]] = (role, min(p[0] for p in pieces), max(p[1] for p in pieces), parts[2] if len(parts) > 2 else "")
        elif line.startswith("E") and len(parts) >= 2:
            args = dict(a.split(":", 1) for a in parts[1].split() if ":" in a)
            events.append(args)
    out = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        if content is None:
            continue
        source = spans.get(ev.get("Source", ""))
        cue = spans.get(ev.get("Cue", ""))
        out.append(
            GoldSpan(
                start=content[1],
                end=content[2],
                speaker=None,
                speaker_start=source[1] if source else None,
                speaker_end=source[2] if source else None,
                cue=cue[3] if cue else None,
            )
        )
    out.sort(key=lambda g: (g.start, g.end))
    return out


def load_polnear(split: str = "dev", root: str | os.PathLike[str] | None = None, *, limit: int | None = None) -> list[ExtractionDoc]:
    """PolNeAR articles of one split with their Content (and Source) spans.

    Articles annotated by several annotators use the first annotation file in name order.
    """
    if split not in ("train", "dev", "test"):
        raise UsageError(f"PolNeAR split must be 'train', 'dev' or 'test', got {split!r}")
    base = Path(root) if root is not None else shared_data_dir() / "polnear"
    folder = base / "data" / split
    if not (folder / "text").is_dir():
        raise SourceMissingError(f"PolNeAR not found at {folder}; set STANCE_SHARED_DATA to the folder holding polnear/")
    anns: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        article = ann.stem.rsplit("_", 1)[0]
        anns.setdefault(article, ann)
    docs = []
    for txt in sorted((folder / "text").glob("*.txt")):
        ann = anns.get(txt.stem)
        if ann is None:
            continue
        docs.append(ExtractionDoc(id=txt.stem, text=txt.read_text(encoding="utf-8"), gold=tuple(_parse_ann(ann))))
        if limit is not None and len(docs) >= limit:
            break
    return docs


def gold_article_docs(folder: str | os.PathLike[str] | None = None) -> list[ExtractionDoc]:
    """The project's gold articles as extraction documents."""
    from ..data import load_articles

    docs = []
    for art in load_articles(folder):
        docs.append(
            ExtractionDoc(
                id=art.id,
                text=art.text,
                gold=tuple(GoldSpan(s.start, s.end, s.speaker, s.speaker_start, s.speaker_end, s.kind) for s in art.statements),
            )
        )
    return docs


def real_news_docs(split: str | None = "test") -> list[ExtractionDoc]:
    """The full-article layer of the real-news gold (every statement annotated) as extraction
    documents; ``split`` None for all."""
    from ..data import real_articles
    from ..data._real import load_splits

    splits = load_splits()
    docs = []
    for art in real_articles(layer="full"):
        if split is not None and splits.get(art.id) != split:
            continue
        gold = tuple(GoldSpan(s.start, s.end, s.speaker, s.speaker_start, s.speaker_end, s.kind, s.cue) for s in art.statements)
        docs.append(ExtractionDoc(id=art.id, text=art.text, gold=gold))
    return docs


# --- Classification sets (zero-shot transfer; the model never trains on them) -------------

EXTERNAL_SETS = ("newsmtsc", "unscon", "ruw")
_NEWSMTSC_POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
_UNSCON_DEBATES = ("UNSC_2014_SPV.7138", "UNSC_2014_SPV.7154", "UNSC_2014_SPV.7165", "UNSC_2014_SPV.7219")
_UNSCON_TARGETS = {"russian_federation": "Russia", "ukraine": "Ukraine"}
_RUW_STANCE = {"AGAINST": "hostile", "NONE": "neutral", "FAVOR": "neutral"}


def _need(path: Path, what: str) -> Path:
    if not path.exists():
        raise SourceMissingError(f"{path}: {what} not found; put the shared data there or set STANCE_SHARED_DATA")
    return path


def load_newsmtsc(split: str = "test", root: str | os.PathLike[str] | None = None) -> Any:
    """NewsMTSC real-world split (``test`` or ``dev`` of the paper's split) as a ``datasets.Dataset``:
    one row per (sentence, target mention); ``sentiment`` from the polarity (2 negative,
    4 neutral, 6 positive); ``target`` is the mention's text. No stance labels."""
    from datasets import Dataset

    if split not in ("dev", "test"):
        raise UsageError("NewsMTSC split must be 'dev' or 'test'")
    base = Path(root) if root else shared_data_dir()
    path = _need(base / "newsmtsc" / "paper_dev_test_split" / "rw" / f"{split}.jsonl", "NewsMTSC")
    raw = Dataset.from_json(str(path))

    def explode(batch: dict[str, list]) -> dict[str, list]:
        out: dict[str, list] = {k: [] for k in ("id", "text", "context", "target", "target_start", "target_end", "sentiment")}
        for text, targets in zip(batch["sentence_normalized"], batch["targets"], strict=True):
            for t in targets:
                out["id"].append(str(t["Input.gid"]))
                out["text"].append(text)
                out["context"].append("")
                out["target"].append(t["mention"])
                out["target_start"].append(int(t["from"]))
                out["target_end"].append(int(t["to"]))
                out["sentiment"].append(_NEWSMTSC_POLARITY[float(t["polarity"])])
        return out

    return raw.map(explode, batched=True, remove_columns=raw.column_names)


def load_unscon(root: str | os.PathLike[str] | None = None) -> Any:
    """UNSCon sentences from the four 2014 Security Council debates on Ukraine, one row per
    (sentence, country) for Russia and Ukraine: ``stance`` is hostile when the sentence is a
    direct or indirect negative evaluation whose target country (A4) is that country, neutral
    when it is no negative evaluation or one aimed at another country. Negative evaluations
    with an unspecified target (A4 ``-NONE-``) get an empty label, which the harness counts
    as skipped. ``speaker`` is the country in the file id."""
    import re

    from datasets import Dataset

    base = Path(root) if root else shared_data_dir()
    path = _need(base / "unscon" / "conflict_annotations_sentences.csv", "UNSCon")
    raw = Dataset.from_csv(str(path), keep_default_na=False)
    speaker_re = re.compile(r"_spch\d+_(.+?)(?:_neg)?_\d+(?:_GD)?\.txt$")

    def explode(batch: dict[str, list]) -> dict[str, list]:
        out: dict[str, list] = {k: [] for k in ("id", "text", "context", "target", "stance", "speaker", "debate")}
        for i, (fid, text, a0, a4) in enumerate(zip(batch["file_id"], batch["sentence_text"], batch["A0"], batch["A4"], strict=True)):
            if not fid.startswith(_UNSCON_DEBATES):
                continue
            neg = a0 in ("Direct_NegEval", "Indirect_NegEval")
            unspecified = neg and a4 not in _UNSCON_TARGETS and a4 not in ("united_states_of_america", "egypt")
            m = speaker_re.search(fid)
            speaker = m.group(1).rstrip("0123456789").replace("_", " ") if m else ""
            for code, name in _UNSCON_TARGETS.items():
                out["id"].append(f"{fid}:{batch['sentence_char_offsets'][i]}:{name}")
                out["text"].append(" ".join(str(text).split()))
                out["context"].append("")
                out["target"].append(name)
                out["stance"].append("" if unspecified else "hostile" if neg and a4 == code else "neutral")
                out["speaker"].append(speaker)
                out["debate"].append(fid.split("_spch")[0])
        return out

    return raw.map(explode, batched=True, remove_columns=raw.column_names)


def load_ruw(split: str = "test", root: str | os.PathLike[str] | None = None) -> Any:
    """RUW tweets (the UTF-8 copies), one row per (tweet, target) for Russia and Ukraine:
    AGAINST → hostile, NONE → neutral, FAVOR → neutral (our scheme has no favour class; the
    original label is kept in ``original``)."""
    from datasets import Dataset

    if split not in ("train", "val", "test"):
        raise UsageError("RUW split must be 'train', 'val' or 'test'")
    base = Path(root) if root else shared_data_dir()
    path = _need(base / "ruw_russia_ukraine_stance" / f"raw_{split}_Russia_Ukraine.utf8.csv", "RUW")
    raw = Dataset.from_csv(str(path), keep_default_na=False)

    def explode(batch: dict[str, list]) -> dict[str, list]:
        out: dict[str, list] = {k: [] for k in ("id", "text", "context", "target", "stance", "original")}
        n = len(batch["Tweet"])
        for i in range(n):
            for col in ("1", "2"):
                lab = str(batch[f"Stance {col}"][i]).strip().upper()
                out["id"].append(f"{split}-{i}-{batch[f'Target {col}'][i]}")
                out["text"].append(str(batch["Tweet"][i]))
                out["context"].append("")
                out["target"].append(str(batch[f"Target {col}"][i]))
                out["stance"].append(_RUW_STANCE.get(lab, ""))
                out["original"].append(lab)
        return out

    return raw.map(explode, batched=True, with_indices=False, remove_columns=raw.column_names)
