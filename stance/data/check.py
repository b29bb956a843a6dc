"""Checks for the written statement corpus: format, and that no statement is a near copy
of another (templates and recombination show up as shared word trigrams or high TF-IDF
similarity). Used by the tests and by the people who write the corpus."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from ..errors import DataFormatError
from ..labels import SENTIMENTS, STANCES

KINDS = ("direct", "indirect", "mixed")
REGISTERS = ("wire", "interview", "press_conference", "op_ed", "parliamentary", "translated", "feature")
REQUIRED = ("id", "text", "context", "speaker", "affiliation", "year", "target", "stance", "sentiment", "kind", "register", "phenomena")


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise DataFormatError(f"{path}:{n}: invalid JSON ({exc.msg})") from exc
        rows[-1]["_where"] = f"{path.name}:{n}"
    return rows


def format_problems(rows: Sequence[dict]) -> list[str]:
    out = []
    seen: set[str] = set()
    for r in rows:
        w = r.get("_where", r.get("id"))
        for k in REQUIRED:
            if k not in r:
                out.append(f"{w}: missing field {k!r}")
        if r.get("id") in seen:
            out.append(f"{w}: duplicate id {r.get('id')!r}")
        seen.add(r.get("id"))
        if r.get("stance") not in STANCES:
            out.append(f"{w}: stance {r.get('stance')!r} not in {STANCES}")
        if r.get("sentiment") not in SENTIMENTS:
            out.append(f"{w}: sentiment {r.get('sentiment')!r} not in {SENTIMENTS}")
        if r.get("kind") not in KINDS:
            out.append(f"{w}: kind {r.get('kind')!r} not in {KINDS}")
        if r.get("register") not in REGISTERS:
            out.append(f"{w}: register {r.get('register')!r} not in {REGISTERS}")
        if not isinstance(r.get("year"), int) or not 1949 <= r["year"] <= 2026:
            out.append(f"{w}: year must be an int in 1949..2026")
        if isinstance(r.get("text"), str) and isinstance(r.get("context"), str) and r["text"] not in r["context"]:
            out.append(f"{w}: text is not an exact substring of context")
    return out


def _trigrams(text: str) -> set[tuple[str, ...]]:
    w = text.lower().split()
    return {tuple(w[i : i + 3]) for i in range(len(w) - 2)}


def trigram_overlaps(texts: Sequence[str], threshold: float = 0.5) -> list[tuple[int, int, float]]:
    """Pairs sharing more than ``threshold`` of the smaller one's word trigrams."""
    sets = [_trigrams(t) for t in texts]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for g in s:
            index[g].append(i)
    out = []
    for i, s in enumerate(sets):
        counts = Counter(j for g in s for j in index[g] if j > i)
        for j, n in counts.items():
            f = n / max(1, min(len(s), len(sets[j])))
            if f > threshold:
                out.append((i, j, f))
    return out


def tfidf_neighbours(texts: Sequence[str], threshold: float = 0.8) -> list[tuple[int, int, float]]:
    """Pairs whose TF-IDF cosine is at least ``threshold`` (each statement's nearest neighbour)."""
    if len(texts) < 2:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    x = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
    nn = NearestNeighbors(n_neighbors=2, metric="cosine").fit(x)
    dist, idx = nn.kneighbors(x)
    out = []
    for i in range(len(texts)):
        for d, j in zip(dist[i], idx[i], strict=True):
            if j != i and 1 - d >= threshold:
                out.append((min(i, j), max(i, j), float(1 - d)))
                break
    return sorted(set(out))


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="check written statement files (JSON Lines)")
    ap.add_argument("files", nargs="+", type=Path, help="files to check")
    ap.add_argument("--against", nargs="*", type=Path, default=[], help="other files to compare with (near copies across files)")
    args = ap.parse_args(argv)
    rows = [r for f in args.files for r in read_jsonl(f)]
    others = [r for f in args.against if f not in args.files for r in read_jsonl(f)]
    problems = format_problems(rows)
    texts = [r["text"] for r in rows] + [r["text"] for r in others]
    where = [r["_where"] for r in rows] + [r["_where"] for r in others]
    n = len(rows)
    for i, j, f in trigram_overlaps(texts):
        if i < n or j < n:
            problems.append(f"near copy (trigram overlap {f:.2f}): {where[i]} ~ {where[j]}")
    for i, j, c in tfidf_neighbours(texts):
        if i < n or j < n:
            problems.append(f"too similar (TF-IDF cosine {c:.2f}): {where[i]} ~ {where[j]}")
    for p in problems:
        print(p)
    c = Counter(r.get("stance") for r in rows)
    names = sum(1 for r in rows if "nato" in r.get("text", "").lower() or "otan" in r.get("text", "").lower())
    print(f"{n} statements; stance {dict(c)}; naming NATO in the text: {names}; problems: {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
