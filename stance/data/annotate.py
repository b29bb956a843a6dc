"""Annotating real articles: a small tool for the people who build the real-news gold.

The project stores standoff annotations only (offsets, labels, the text's sha256). Annotators
work on *drafts* outside the repository, where statements are anchored by their exact words,
and commit them, which resolves the words to offsets and writes the standoff file::

    python -m stance.data.annotate list kremlin                 # documents, words, status
    python -m stance.data.annotate show kremlin:17615           # the article, paragraph offsets, pre-filled candidates
    python -m stance.data.annotate draft kremlin:17615 --layer full --annotator A1
    python -m stance.data.annotate check DRAFT.json             # resolve and print what the draft says
    python -m stance.data.annotate commit DRAFT.json            # write data/real/annotations/...
    python -m stance.data.annotate render kremlin:17615         # a committed annotation back into a draft
    python -m stance.data.annotate prefill --family kremlin     # pre-fill candidates for many documents at once

Pre-filled candidates come from ``stance.extract`` (spans, speakers, cues, kinds: extraction
only; no classifier is run, so stance and sentiment are labelled without seeing any
prediction). ``commit`` records, per statement, which pre-filled fields the annotator
corrected. The draft format is documented in ``data/real/FORMAT.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import DataFormatError
from ._drafts import add_corrections, describe, new_draft, render, resolve_draft
from ._selection import select
from ._sources import FAMILIES, LAYERS, annotation_path, list_documents, read_document, real_dir, split_doc_id, text_sha256


def work_dir(arg: str | None = None) -> Path:
    """Where drafts and pre-fills live: ``--work``, ``$STANCE_ANNOT_DIR`` or ~/.cache/stance/annotate."""
    if arg:
        return Path(arg)
    env = os.environ.get("STANCE_ANNOT_DIR")
    return Path(env) if env else Path.home() / ".cache" / "stance" / "annotate"


def _safe(doc_id: str) -> str:
    src, local = split_doc_id(doc_id)
    return f"{src.family}/{local.replace('/', '_')}"


def _candidate(k: int, s: Any) -> dict[str, Any]:
    return {
        "i": k,
        "start": s.start,
        "end": s.end,
        "text": s.text,
        "kind": s.kind,
        "cue": s.cue,
        "speaker": s.speaker,
        "speaker_mention": s.speaker_mention,
        "speaker_start": s.speaker_start,
        "speaker_end": s.speaker_end,
        "reported_by": s.reported_by,
    }


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).parent, capture_output=True, text=True, timeout=10, check=False
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def prefill(doc_ids: list[str], work: Path, *, root: str | None = None, overwrite: bool = False) -> int:
    """Run the extractor over documents and store its candidates (with their text) in ``work``."""
    from ..extraction import Extractor

    todo = []
    for d in doc_ids:
        out = work / "prefill" / (_safe(d) + ".json")
        if out.exists() and not overwrite:
            continue
        text, _ = read_document(d, root)
        todo.append((text, d))
    extractor = Extractor()
    stamp = f"nato-stance {__version__} ({_git_commit()})"
    n = 0
    for statements, d in extractor.pipe(todo, as_tuples=True):
        text = next(t for t, i in todo if i == d)
        out = work / "prefill" / (_safe(d) + ".json")
        out.parent.mkdir(parents=True, exist_ok=True)
        rec = {
            "doc": d,
            "sha256": text_sha256(text),
            "extractor": stamp,
            "candidates": [_candidate(k, s) for k, s in enumerate(statements)],
        }
        out.write_text(json.dumps(rec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        n += 1
    return n


def load_prefill(doc_id: str, work: Path, root: str | None = None) -> dict[str, Any]:
    p = work / "prefill" / (_safe(doc_id) + ".json")
    if not p.exists():
        prefill([doc_id], work, root=root)
    rec = json.loads(p.read_text(encoding="utf-8"))
    text, _ = read_document(doc_id, root)
    if rec["sha256"] != text_sha256(text):
        prefill([doc_id], work, root=root, overwrite=True)
        rec = json.loads(p.read_text(encoding="utf-8"))
    return rec


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def show(doc_id: str, work: Path, *, root: str | None = None, paragraphs: str | None = None, find: str | None = None) -> str:
    text, meta = read_document(doc_id, root)
    pre = load_prefill(doc_id, work, root)
    paras = _paragraphs(text)
    lo, hi = 0, len(paras) - 1
    if paragraphs:
        a, _, b = paragraphs.partition("-")
        lo, hi = int(a), int(b or a)
    pattern = re.compile(find, re.I) if find else None
    lines = [
        f"# {doc_id} — {meta.get('outlet')} ({meta.get('lean')}), {meta.get('date')}; {len(text)} characters, "
        f"{len(text.split())} words, {len(paras)} paragraphs, {len(pre['candidates'])} pre-filled candidates"
    ]
    if pattern:
        hits = [k for k, (a, b) in enumerate(paras) if pattern.search(text[a:b])]
        lines.append(f"paragraphs matching {find!r}: {hits}")
        keep = set()
        for k in hits:
            keep |= {k - 1, k, k + 1}
    by_para: dict[int, list[dict]] = {}
    starts = [a for a, _ in paras]
    import bisect

    for c in pre["candidates"]:
        k = max(0, bisect.bisect_right(starts, c["start"]) - 1)
        by_para.setdefault(k, []).append(c)
    for k, (a, b) in enumerate(paras):
        if not lo <= k <= hi or (pattern and k not in keep):
            continue
        lines.append(f"\n[p{k} @{a}] {text[a:b]}")
        for c in by_para.get(k, []):
            who = c["speaker"] or "?"
            lines.append(
                f"    c{c['i']} [{c['kind']}] cue={c['cue']!r} mention=«{c['speaker_mention']}»@{c['speaker_start']} -> {who}"
                f"{' via ' + c['reported_by'] if c['reported_by'] else ''} @{c['start']}-{c['end']}: «{c['text']}»"
            )
    return "\n".join(lines)


def scrub_committed(root: str | None = None) -> int:
    """Rewrite committed annotations (first and second) whose notes quote the article, or
    whose speaker, cue or medium is a long run of the article's words (stored as offsets)."""
    from ._drafts import scrub_note
    from ._sources import as_standoff

    changed = 0
    for path in sorted(real_dir().glob("*/*/*.json")) + sorted(real_dir().glob("agreement/second/*/*.json")):
        rec = json.loads(path.read_text(encoding="utf-8"))
        if "doc" not in rec:
            continue
        text, _ = read_document(rec["doc"], root)
        new = []
        for s in rec["statements"]:
            s = {**s, **{k: as_standoff(s.get(k), text, s["start"]) for k in ("speaker", "cue", "reported_by")}}
            new.append({**s, "note": scrub_note(s["note"], text)} if s.get("note") else s)
        if new != rec["statements"]:
            rec["statements"] = new
            path.write_text(json.dumps(rec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            changed += 1
    return changed


def _status(doc_id: str) -> str:
    first = annotation_path(doc_id).exists()
    second = annotation_path(doc_id, real_dir() / "agreement" / "second").exists()
    if not first and not second:
        return "-"
    layer = json.loads(annotation_path(doc_id).read_text(encoding="utf-8"))["layer"] if first else ""
    return layer + (" +second" if second else "")


def _cmd_list(args: argparse.Namespace, work: Path) -> int:
    for d in list_documents(args.family, args.root):
        text, meta = read_document(d, args.root)
        pf = work / "prefill" / (_safe(d) + ".json")
        n = len(json.loads(pf.read_text(encoding="utf-8"))["candidates"]) if pf.exists() else "?"
        print(f"{d}\t{meta.get('date')}\t{len(text.split())} words\t{n} candidates\t{_status(d)}")
    return 0


def _cmd_show(args: argparse.Namespace, work: Path) -> int:
    print(show(args.doc, work, root=args.root, paragraphs=args.paragraphs, find=args.find))
    return 0


def _cmd_draft(args: argparse.Namespace, work: Path) -> int:
    out = work / "drafts" / ("second" if args.second else "first") / (_safe(args.doc) + ".json")
    if out.exists() and not args.force:
        print(f"{out} exists (use --force to replace it)")
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    draft = new_draft(args.doc, work, layer=args.layer, annotator=args.annotator, root=args.root)
    out.write_text(json.dumps(draft, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(out)
    return 0


def _cmd_check(args: argparse.Namespace, work: Path, *, commit: bool = False) -> int:
    for f in args.drafts:
        draft = json.loads(Path(f).read_text(encoding="utf-8"))
        rec = resolve_draft(draft, root=args.root, where=f)
        text, _ = read_document(rec["doc"], args.root)
        rec = add_corrections(rec, load_prefill(rec["doc"], work, args.root), text)
        print(describe(rec, text))
        if commit:
            out = annotation_path(rec["doc"], real_dir() / ("agreement/second" if args.second else "annotations"))
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(rec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"committed {out}")
    return 0


def _cmd_render(args: argparse.Namespace, work: Path) -> int:
    print(json.dumps(render(args.doc, second=args.second, root=args.root), ensure_ascii=False, indent=1))
    return 0


def _cmd_select(args: argparse.Namespace, work: Path) -> int:
    sel = select(args.root)
    if args.write:
        (real_dir() / "selection.json").write_text(json.dumps(sel, indent=1) + "\n", encoding="utf-8")
    for name, b in sel["batches"].items():
        print(f"{name}\t{b['layer']}\t{len(b['docs'])} documents")
    print(
        f"full {sum(len(v) for v in sel['full'].values())}, nato {sum(len(v) for v in sel['nato'].values())}, agreement {len(sel['agreement'])}"
    )
    return 0


def _cmd_batch(args: argparse.Namespace, work: Path) -> int:
    sel = json.loads((real_dir() / "selection.json").read_text(encoding="utf-8"))
    b = sel["batches"][args.name]
    for d in b["docs"]:
        doc, _, layer = d.partition(" ")
        text, _ = read_document(doc, args.root)
        print(f"{doc}\t{layer or b['layer']}\t{len(text.split())} words\t{_status(doc)}")
    return 0


def _cmd_scrub(args: argparse.Namespace, work: Path) -> int:
    print(f"scrubbed notes in {scrub_committed(args.root)} files")
    return 0


def _cmd_prefill(args: argparse.Namespace, work: Path) -> int:
    docs = list(args.docs or [])
    for fam in args.family or ([] if docs else FAMILIES):
        docs += list_documents(fam, args.root)
    print(f"pre-filled {prefill(docs, work, root=args.root)} documents into {work / 'prefill'}")
    return 0


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m stance.data.annotate", description=__doc__.splitlines()[0])
    ap.add_argument("--work", help="folder for drafts and pre-fills (default $STANCE_ANNOT_DIR or ~/.cache/stance/annotate)")
    ap.add_argument("--root", help="local copy of the public data (default ../shared/data or $STANCE_SHARED_DATA)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("list", help="documents of a family: words, pre-fill candidates, annotation status")
    p.add_argument("family", choices=FAMILIES)
    p = sub.add_parser("show", help="print an article with paragraph offsets and pre-filled candidates")
    p.add_argument("doc")
    p.add_argument("--paragraphs", help="only paragraphs A-B (numbers as printed)")
    p.add_argument("--find", help="only paragraphs matching this regular expression (and their neighbours)")
    p = sub.add_parser("draft", help="write a draft pre-filled with the extractor's candidates")
    p.add_argument("doc")
    p.add_argument("--layer", choices=LAYERS, required=True)
    p.add_argument("--annotator", required=True)
    p.add_argument("--second", action="store_true", help="a blind second annotation (agreement study)")
    p.add_argument("--force", action="store_true", help="replace an existing draft")
    p = sub.add_parser("check", help="resolve drafts and print what they say")
    p.add_argument("drafts", nargs="+")
    p = sub.add_parser("commit", help="resolve drafts and write the standoff annotations into data/real/")
    p.add_argument("drafts", nargs="+")
    p.add_argument("--second", action="store_true", help="write to data/real/agreement/second/ (blind second annotation)")
    p = sub.add_parser("render", help="a committed annotation back into a draft (printed)")
    p.add_argument("doc")
    p.add_argument("--second", action="store_true")
    p = sub.add_parser("select", help="compute the fixed selection of articles and batches (data/real/selection.json)")
    p.add_argument("--write", action="store_true")
    p = sub.add_parser("batch", help="the documents of an annotation batch, with their status")
    p.add_argument("name")
    sub.add_parser("scrub", help="remove the article's words from the notes of committed annotations")
    p = sub.add_parser("prefill", help="pre-fill candidates for many documents (extraction only)")
    p.add_argument("--family", choices=FAMILIES, action="append")
    p.add_argument("--docs", nargs="*")
    return ap


_COMMANDS = {
    "list": _cmd_list,
    "show": _cmd_show,
    "draft": _cmd_draft,
    "check": _cmd_check,
    "commit": lambda args, work: _cmd_check(args, work, commit=True),
    "render": _cmd_render,
    "select": _cmd_select,
    "batch": _cmd_batch,
    "scrub": _cmd_scrub,
    "prefill": _cmd_prefill,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.cmd](args, work_dir(args.work))
    except DataFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head and the like
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
