"""Loaders for public evaluation sets kept outside the project (``../shared/data``).

Nothing here is ever copied into the project; every loader raises ``FileNotFoundError``
with the expected location when the folder is absent, and tests skip on that.
"""

from __future__ import annotations

import os
from pathlib import Path

from .extraction import ExtractionDoc, GoldSpan

__all__ = ["gold_article_docs", "load_polnear", "shared_data_dir"]


def shared_data_dir() -> Path:
    """``$STANCE_SHARED_DATA`` or ``../shared/data`` beside the checkout."""
    env = os.environ.get("STANCE_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


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
        raise ValueError(f"PolNeAR split must be 'train', 'dev' or 'test', got {split!r}")
    base = Path(root) if root is not None else shared_data_dir() / "polnear"
    folder = base / "data" / split
    if not (folder / "text").is_dir():
        raise FileNotFoundError(f"PolNeAR not found at {folder}; set STANCE_SHARED_DATA to the folder holding polnear/")
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
