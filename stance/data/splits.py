"""Fixed train / dev / test splits that keep articles and speakers from leaking across them.

Statements are grouped into connected components: two statements are in one component when
they share a speaker, or come from the same gold article. A component goes to one split only.
The largest component (the gold articles joined by the speakers they share, e.g. a secretary
general quoted in many articles) goes to ``test``, so that the realistic mix of the articles is
measured on data no model selection saw; the remaining components with gold articles go to
``dev``; standalone components are dealt, in a fixed hash order, to ``test`` and ``dev`` up to
their targets and otherwise to ``train``.

    python -m stance.data.splits          # check that the stored splits equal the computed ones
    python -m stance.data.splits --write  # (re)write the split fields into data/
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

TEST_STANDALONE_TARGET = 360
DEV_TARGET = 380


def _norm(name: str | None) -> str | None:
    from ..evaluation.extraction import normalize_speaker

    return normalize_speaker(name)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def compute_splits(standalone: list[dict], articles: list) -> tuple[dict[str, str], dict[str, str]]:
    """Split per standalone statement id and per article id."""
    uf = _UnionFind()
    members: dict[str, list[tuple[str, str]]] = defaultdict(list)  # root -> [(kind, id)]
    keys: list[tuple[str, str, str]] = []
    for r in standalone:
        k = "spk:" + (_norm(r.get("speaker")) or "id:" + r["id"])
        uf.find(k)
        keys.append(("s", r["id"], k))
    for a in articles:
        ak = "art:" + a.id
        uf.find(ak)
        for s in a.statements:
            if s.speaker:
                uf.union(ak, "spk:" + _norm(s.speaker))
        keys.append(("a", a.id, ak))
    size: dict[str, int] = defaultdict(int)
    n_articles = {a.id: len(a.statements) for a in articles}
    for kind, ident, k in keys:
        root = uf.find(k)
        members[root].append((kind, ident))
        size[root] += n_articles[ident] if kind == "a" else 1
    giant = max(size, key=lambda r: (size[r], r)) if size else None
    split_of: dict[str, str] = {}
    test_standalone = dev_total = 0
    order = sorted(members, key=lambda r: (r != giant, hashlib.sha1(r.encode()).hexdigest()))
    for root in order:
        has_article = any(kind == "a" for kind, _ in members[root])
        n_stand = sum(1 for kind, _ in members[root] if kind == "s")
        if root == giant:
            split = "test"
        elif has_article:
            split = "dev"
        elif test_standalone < TEST_STANDALONE_TARGET:
            split = "test"
        elif dev_total < DEV_TARGET:
            split = "dev"
        else:
            split = "train"
        if split == "test":
            test_standalone += n_stand
        elif split == "dev":
            dev_total += size[root]
        split_of[root] = split
    stmt = {ident: split_of[uf.find(k)] for kind, ident, k in keys if kind == "s"}
    art = {ident: split_of[uf.find(k)] for kind, ident, k in keys if kind == "a"}
    return stmt, art


def _standalone_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "statements").glob("*.jsonl"))


def main(argv: list[str] | None = None) -> int:
    import argparse

    from ._written import default_data_dir, load_articles

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="write the split fields into the data files")
    ap.add_argument("--data", type=Path, default=None)
    args = ap.parse_args(argv)
    data_dir = args.data or default_data_dir()
    files = _standalone_files(data_dir)
    rows = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = load_articles(data_dir / "articles")
    stmt, art = compute_splits(rows, articles)
    if not args.write:
        bad = [r["id"] for r in rows if r.get("split") != stmt[r["id"]]]
        bad += [a.id for a in articles if a.split != art[a.id]]
        print(f"{len(bad)} stored splits differ from the computed ones" + (f": {bad[:10]}" if bad else ""))
        return 1 if bad else 0
    for f in files:
        out = []
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            r["split"] = stmt[r["id"]]
            out.append(json.dumps(r, ensure_ascii=False))
        f.write_text("\n".join(out) + "\n", encoding="utf-8")
    for a in articles:
        p = data_dir / "articles" / f"{a.id}.json"
        meta = json.loads(p.read_text(encoding="utf-8"))
        meta["split"] = art[a.id]
        p.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print("splits written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
