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
from ._real import (
    FAMILIES,
    LAYERS,
    REAL_KINDS,
    TARGET_REFS,
    annotation_path,
    doc_file,
    list_documents,
    read_document,
    real_dir,
    shared_data_root,
    split_doc_id,
    text_sha256,
    validate_record,
)
from ._written import SENTIMENTS, STANCES

LABEL_FIELDS = ("about_target", "target_ref", "stance", "sentiment")


def work_dir(arg: str | None = None) -> Path:
    """Where drafts and pre-fills live: ``--work``, ``$STANCE_ANNOT_DIR`` or ~/.cache/stance/annotate."""
    if arg:
        return Path(arg)
    env = os.environ.get("STANCE_ANNOT_DIR")
    return Path(env) if env else Path.home() / ".cache" / "stance" / "annotate"


def _safe(doc_id: str) -> str:
    src, local = split_doc_id(doc_id)
    return f"{src.family}/{local.replace('/', '_')}"


# -- pre-filling ---------------------------------------------------------------------------


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


# -- showing an article --------------------------------------------------------------------


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


# -- drafts --------------------------------------------------------------------------------


def new_draft(doc_id: str, work: Path, *, layer: str, annotator: str, root: str | None = None) -> dict[str, Any]:
    if layer not in LAYERS:
        raise DataFormatError(f"layer must be one of {LAYERS}")
    pre = load_prefill(doc_id, work, root)
    statements = []
    for c in pre["candidates"]:
        statements.append(
            {
                "prefill": c["i"],
                "start": c["start"],
                "text": c["text"],
                "kind": c["kind"],
                "cue": c["cue"],
                "speaker": c["speaker"],
                "speaker_mention": c["speaker_mention"],
                "mention_start": c["speaker_start"],
                "reported_by": c["reported_by"],
                "about_target": None,
                "target_ref": None,
                "stance": None,
                "sentiment": None,
            }
        )
    return {"doc": doc_id, "layer": layer, "annotator": annotator, "minutes": None, "notes": "", "statements": statements}


def _occurrences(text: str, needle: str) -> list[int]:
    out, pos = [], text.find(needle)
    while pos >= 0:
        out.append(pos)
        pos = text.find(needle, pos + 1)
    return out


def _nearest(positions: list[int], hint: int | None) -> int | None:
    if not positions:
        return None
    if hint is None:
        return positions[0]
    return min(positions, key=lambda p: abs(p - hint))


def _resolve_span(text: str, s: dict[str, Any], where: str) -> tuple[int, int]:
    hint = s.get("start")
    if s.get("from") is not None or s.get("to") is not None:
        a, b = s.get("from"), s.get("to")
        if not a or not b:
            raise DataFormatError(f"{where}: give both 'from' and 'to' (the span's exact first and last words), or 'text'")
        start = _nearest(_occurrences(text, a), hint)
        if start is None:
            raise DataFormatError(f"{where}: 'from' text not found in the article: {a[:80]!r}")
        pos = text.find(b, start + max(0, len(a) - len(b)))
        if pos < 0:
            raise DataFormatError(f"{where}: 'to' text not found after 'from': {b[:80]!r}")
        return start, pos + len(b)
    span = s.get("text")
    if not isinstance(span, str) or not span.strip():
        raise DataFormatError(f"{where}: no span: give 'text' (the exact words) or 'from' and 'to'")
    if span != span.strip():
        raise DataFormatError(f"{where}: the span {span[:60]!r} starts or ends with white space; trim it")
    occ = _occurrences(text, span)
    if not occ:
        raise DataFormatError(f"{where}: span text not found in the article (copy it exactly, quote marks included): {span[:100]!r}")
    if s.get("occurrence"):
        n = int(s["occurrence"])
        if not 0 < n <= len(occ):
            raise DataFormatError(f"{where}: occurrence {n} requested but the span occurs {len(occ)} time(s)")
        start = occ[n - 1]
    else:
        start = _nearest(occ, hint)
    return start, start + len(span)


def _resolve_mention(text: str, s: dict[str, Any], start: int, end: int, where: str) -> tuple[int | None, int | None]:
    mention = s.get("speaker_mention")
    if not mention:
        return None, None
    occ = _occurrences(text, mention)
    if not occ:
        raise DataFormatError(f"{where}: speaker_mention {mention!r} not found in the article")
    hint = s.get("mention_start")
    if hint is not None and text[hint : hint + len(mention)] == mention:
        pos = hint
    elif hint is not None:
        pos = _nearest(occ, hint)
    else:
        outside = [p for p in occ if p + len(mention) <= start or p >= end] or occ
        pos = min(outside, key=lambda p: start - (p + len(mention)) if p < start else p - end)
    return pos, pos + len(mention)


def resolve_draft(draft: dict[str, Any], *, root: str | None = None, where: str = "draft") -> dict[str, Any]:
    """A draft → the standoff record (offsets, labels, sha256, corrections against the pre-fill)."""
    for key in ("doc", "layer", "annotator", "statements"):
        if key not in draft:
            raise DataFormatError(f"{where}: missing field {key!r}")
    doc = draft["doc"]
    text, meta = read_document(doc, root)
    statements = []
    for i, s in enumerate(draft["statements"]):
        w = f"{where} statement {i}"
        missing = [k for k in LABEL_FIELDS if s.get(k) is None]
        if missing:
            raise DataFormatError(
                f"{w}: fill in {missing} (stance one of {STANCES}, sentiment one of {SENTIMENTS}, target_ref one of {TARGET_REFS})"
            )
        if s.get("kind") not in REAL_KINDS:
            raise DataFormatError(f"{w}: kind {s.get('kind')!r} is not one of {REAL_KINDS}")
        start, end = _resolve_span(text, s, w)
        ms, me = _resolve_mention(text, s, start, end, w)
        if not isinstance(s["about_target"], bool):
            raise DataFormatError(f"{w}: about_target must be true or false")
        if s["about_target"] is False and (s["stance"], s["sentiment"]) != ("neutral", "neutral"):
            raise DataFormatError(f"{w}: a statement not about the target is neutral/neutral (LABELING.md: not about NATO -> neutral)")
        if s["about_target"] is False and s["target_ref"] != "none":
            raise DataFormatError(
                f"{w}: target_ref {s['target_ref']!r} but about_target is false; a statement that refers to NATO is about it"
            )
        statements.append(
            {
                "start": start,
                "end": end,
                "kind": s["kind"],
                "cue": s.get("cue"),
                "speaker": s.get("speaker"),
                "speaker_start": ms,
                "speaker_end": me,
                "reported_by": s.get("reported_by"),
                "about_target": s["about_target"],
                "target_ref": s["target_ref"],
                "stance": s["stance"],
                "sentiment": s["sentiment"],
                "prefill": s.get("prefill"),
                **({"note": s["note"]} if s.get("note") else {}),
            }
        )
    statements.sort(key=lambda r: (r["start"], r["end"]))
    seen: dict[tuple[int, int], int] = {}
    for k, r in enumerate(statements):
        key = (r["start"], r["end"])
        if key in seen:
            raise DataFormatError(f"{where}: two statements have the same span at {key}; one report is one statement")
        seen[key] = k
    src, _ = split_doc_id(doc)
    rec = {
        "doc": doc,
        "file": str(doc_file(doc, root).relative_to(shared_data_root(root))),
        "sha256": text_sha256(text),
        "chars": len(text),
        "layer": draft["layer"],
        "annotator": draft["annotator"],
        "outlet": meta.get("outlet", ""),
        "lean": meta.get("lean", ""),
        "date": meta.get("date", ""),
        "minutes": draft.get("minutes"),
        "statements": statements,
    }
    validate_record(rec, where)
    return rec


def _same_speaker(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def add_corrections(rec: dict[str, Any], pre: dict[str, Any]) -> dict[str, Any]:
    """Mark, per statement, the pre-filled fields the annotator changed, and count the kept candidates."""
    cands = {c["i"]: c for c in pre["candidates"]}
    kept = set()
    for s in rec["statements"]:
        k = s.get("prefill")
        if k is None:
            s["corrected"] = ["added"]
            continue
        if k not in cands:
            raise DataFormatError(f"{rec['doc']}: statement refers to pre-fill candidate c{k}, which does not exist")
        if k in kept:
            raise DataFormatError(f"{rec['doc']}: two statements claim pre-fill candidate c{k}; set prefill to null on the added one")
        kept.add(k)
        c = cands[k]
        changed = []
        if (s["start"], s["end"]) != (c["start"], c["end"]):
            changed.append("span")
        if not _same_speaker(s["speaker"], c["speaker"]):
            changed.append("speaker")
        if (s["speaker_start"], s["speaker_end"]) != (c["speaker_start"], c["speaker_end"]):
            changed.append("mention")
        if s["kind"] != c["kind"]:
            changed.append("kind")
        if (s.get("cue") or "").casefold() != (c.get("cue") or "").casefold():
            changed.append("cue")
        if not _same_speaker(s.get("reported_by"), c.get("reported_by")):
            changed.append("reported_by")
        s["corrected"] = changed
    rec["prefill"] = {"extractor": pre.get("extractor", ""), "candidates": len(cands), "kept": len(kept)}
    return rec


def describe(rec: dict[str, Any], text: str) -> str:
    lines = [f"{rec['doc']}: {rec['layer']} layer, {len(rec['statements'])} statements"]
    for k, s in enumerate(rec["statements"]):
        span = text[s["start"] : s["end"]]
        mention = text[s["speaker_start"] : s["speaker_end"]] if s["speaker_start"] is not None else None
        lines.append(
            f"{k:>3} [{s['kind']}] {s['speaker']!r} <- {mention!r}@{s['speaker_start']} cue={s['cue']!r}"
            f"{' via ' + repr(s['reported_by']) if s['reported_by'] else ''} | {s['stance']}/{s['sentiment']}"
            f" about={s['about_target']} ref={s['target_ref']} | c{s.get('prefill')} corrected={s.get('corrected')} | @{s['start']}: «{span[:110]}{'…' if len(span) > 110 else ''}»"
        )
    return "\n".join(lines)


def render(doc_id: str, *, second: bool = False, root: str | None = None) -> dict[str, Any]:
    """A committed standoff annotation back into the draft form (exact words as anchors)."""
    path = annotation_path(doc_id, real_dir() / ("agreement/second" if second else "annotations"))
    rec = json.loads(path.read_text(encoding="utf-8"))
    text, _ = read_document(doc_id, root, sha256=rec["sha256"])
    out = []
    for s in rec["statements"]:
        out.append(
            {
                "prefill": s.get("prefill"),
                "start": s["start"],
                "text": text[s["start"] : s["end"]],
                "kind": s["kind"],
                "cue": s.get("cue"),
                "speaker": s.get("speaker"),
                "speaker_mention": text[s["speaker_start"] : s["speaker_end"]] if s.get("speaker_start") is not None else None,
                "mention_start": s.get("speaker_start"),
                "reported_by": s.get("reported_by"),
                **{k: s[k] for k in LABEL_FIELDS},
                **({"note": s["note"]} if s.get("note") else {}),
            }
        )
    return {
        "doc": doc_id,
        "layer": rec["layer"],
        "annotator": rec["annotator"],
        "minutes": rec.get("minutes"),
        "notes": rec.get("notes", ""),
        "statements": out,
    }


# -- which articles, in which layer, by whom ----------------------------------------------

SELECTION_SEED = "real-news-gold-v1"
FULL_COUNTS = {"kremlin": 50, "ppn": 55, "allsides": 95}
FULL_MAX_WORDS = {"kremlin": 1500, "ppn": 900, "allsides": 1500}
NATO_TOTAL = 600  # articles in both layers together
AGREEMENT_SHARE = 0.10
_NATO_WORDS = re.compile(r"NATO|North Atlantic|[Aa]lliance|\bbloc\b")
_CONDITION = re.compile(
    r"\b(if|provided( that)?|on (the )?condition|as long as|unless|only when|only after|once|in exchange|subject to|"
    r"depends? on|on an equal footing|on equal terms|on the basis of equality|ready (for|to)|willing to|would consider|could join)\b",
    re.I,
)


def _rank(doc_id: str, salt: str = "") -> str:
    import hashlib

    return hashlib.sha256(f"{SELECTION_SEED}|{salt}|{doc_id}".encode()).hexdigest()


def conditional_candidates(text: str) -> int:
    """Sentences that name the alliance and carry a condition marker: where conditional
    statements can be (a search aid for reading, never a label)."""
    sents = re.split(r"(?<=[.!?])\s+", text)
    return sum(1 for x in sents if _NATO_WORDS.search(x) and _CONDITION.search(x))


def _chunks(items: list[str], size: int) -> list[list[str]]:
    n = max(1, round(len(items) / size))
    return [items[i::n] for i in range(n)]


def select(root: str | None = None) -> dict[str, Any]:
    """The fixed selection: the full-article layer (random within a length limit, per family),
    the NATO layer (every article where the condition search finds a candidate, then random
    ones up to the total), a random 10% for blind double annotation, and annotation batches."""
    full: dict[str, list[str]] = {}
    nato: dict[str, list[str]] = {}
    search: dict[str, int] = {}
    for fam in FAMILIES:
        docs = list_documents(fam, root)
        info = {}
        for d in docs:
            text, _ = read_document(d, root)
            info[d] = (len(text.split()), conditional_candidates(text))
            if info[d][1]:
                search[d] = info[d][1]
        eligible = sorted((d for d in docs if info[d][0] <= FULL_MAX_WORDS[fam]), key=_rank)
        full[fam] = sorted(eligible[: FULL_COUNTS[fam]], key=_rank)
        rest = [d for d in docs if d not in set(full[fam])]
        nato[fam] = sorted(rest, key=lambda d: (0 if info[d][1] else 1, _rank(d, "nato")))
    n_full = sum(len(v) for v in full.values())
    budget = NATO_TOTAL - n_full
    # the NATO layer: every kremlin page (few, and dense in statements about NATO), then the two
    # other families in equal parts, condition-search hits first
    chosen = {"kremlin": nato["kremlin"]}
    left = budget - len(chosen["kremlin"])
    chosen["ppn"] = nato["ppn"][: left // 2]
    chosen["allsides"] = nato["allsides"][: left - len(chosen["ppn"])]
    everything = sorted([d for v in full.values() for d in v] + [d for v in chosen.values() for d in v], key=lambda d: _rank(d, "agree"))
    agreement = sorted(everything[: round(AGREEMENT_SHARE * len(everything))])
    batches: dict[str, dict[str, Any]] = {}
    for fam, code in (("kremlin", "K"), ("ppn", "P"), ("allsides", "A")):
        for k, docs in enumerate(_chunks(full[fam], 25 if fam != "allsides" else 24), 1):
            batches[f"{code}-F{k}"] = {"layer": "full", "docs": docs}
        size = {"kremlin": 16, "ppn": 50, "allsides": 40}[fam]
        for k, docs in enumerate(_chunks(chosen[fam], size), 1):
            batches[f"{code}-N{k}"] = {"layer": "nato", "docs": docs}
    layer_of = {d: b["layer"] for b in batches.values() for d in b["docs"]}
    for k, docs in enumerate(_chunks(agreement, 20), 1):
        batches[f"AG{k}"] = {"layer": "second", "docs": [f"{d} {layer_of[d]}" for d in docs]}
    return {
        "seed": SELECTION_SEED,
        "rules": {
            "full_counts": FULL_COUNTS,
            "full_max_words": FULL_MAX_WORDS,
            "total": NATO_TOTAL,
            "agreement_share": AGREEMENT_SHARE,
            "condition_search": _CONDITION.pattern,
        },
        "condition_search_hits": dict(sorted(search.items())),
        "full": full,
        "nato": chosen,
        "agreement": agreement,
        "batches": batches,
    }


def _status(doc_id: str) -> str:
    first = annotation_path(doc_id).exists()
    second = annotation_path(doc_id, real_dir() / "agreement" / "second").exists()
    if not first and not second:
        return "-"
    layer = json.loads(annotation_path(doc_id).read_text(encoding="utf-8"))["layer"] if first else ""
    return layer + (" +second" if second else "")


def main(argv: list[str] | None = None) -> int:
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
    p = sub.add_parser("prefill", help="pre-fill candidates for many documents (extraction only)")
    p.add_argument("--family", choices=FAMILIES, action="append")
    p.add_argument("--docs", nargs="*")
    args = ap.parse_args(argv)
    work = work_dir(args.work)
    try:
        if args.cmd == "list":
            for d in list_documents(args.family, args.root):
                text, meta = read_document(d, args.root)
                pf = work / "prefill" / (_safe(d) + ".json")
                n = len(json.loads(pf.read_text(encoding="utf-8"))["candidates"]) if pf.exists() else "?"
                print(f"{d}\t{meta.get('date')}\t{len(text.split())} words\t{n} candidates\t{_status(d)}")
        elif args.cmd == "show":
            print(show(args.doc, work, root=args.root, paragraphs=args.paragraphs, find=args.find))
        elif args.cmd == "draft":
            sub_dir = "second" if args.second else "first"
            out = work / "drafts" / sub_dir / (_safe(args.doc) + ".json")
            if out.exists() and not args.force:
                print(f"{out} exists (use --force to replace it)")
                return 1
            out.parent.mkdir(parents=True, exist_ok=True)
            draft = new_draft(args.doc, work, layer=args.layer, annotator=args.annotator, root=args.root)
            out.write_text(json.dumps(draft, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(out)
        elif args.cmd in ("check", "commit"):
            for f in args.drafts:
                draft = json.loads(Path(f).read_text(encoding="utf-8"))
                rec = resolve_draft(draft, root=args.root, where=f)
                rec = add_corrections(rec, load_prefill(rec["doc"], work, args.root))
                text, _ = read_document(rec["doc"], args.root)
                print(describe(rec, text))
                if args.cmd == "commit":
                    base = real_dir() / ("agreement/second" if args.second else "annotations")
                    out = annotation_path(rec["doc"], base)
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_text(json.dumps(rec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
                    print(f"committed {out}")
        elif args.cmd == "render":
            print(json.dumps(render(args.doc, second=args.second, root=args.root), ensure_ascii=False, indent=1))
        elif args.cmd == "select":
            sel = select(args.root)
            path = real_dir() / "selection.json"
            if args.write:
                path.write_text(json.dumps(sel, indent=1) + "\n", encoding="utf-8")
            for name, b in sel["batches"].items():
                print(f"{name}\t{b['layer']}\t{len(b['docs'])} documents")
            print(
                f"full {sum(len(v) for v in sel['full'].values())}, nato {sum(len(v) for v in sel['nato'].values())}, agreement {len(sel['agreement'])}"
            )
        elif args.cmd == "batch":
            sel = json.loads((real_dir() / "selection.json").read_text(encoding="utf-8"))
            b = sel["batches"][args.name]
            for d in b["docs"]:
                doc, _, layer = d.partition(" ")
                text, _ = read_document(doc, args.root)
                print(f"{doc}\t{layer or b['layer']}\t{len(text.split())} words\t{_status(doc)}")
        elif args.cmd == "prefill":
            docs = list(args.docs or [])
            for fam in args.family or ([] if docs else FAMILIES):
                docs += list_documents(fam, args.root)
            print(f"pre-filled {prefill(docs, work, root=args.root)} documents into {work / 'prefill'}")
    except DataFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head and the like
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
