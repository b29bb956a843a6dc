"""The README's figure tables, generated from the files the measuring commands write.

Every number in the README's *Measured* section comes from one of these files; this script
renders them into the blocks between ``<!-- figures:NAME -->`` and ``<!-- /figures:NAME -->``,
and ``tests/test_readme.py`` checks that the README holds exactly what it renders.

    python benchmarks/figures.py            # show what differs
    python benchmarks/figures.py --write    # rewrite the README's blocks

Sources (each made by the command named in its block):
- extraction: ``benchmarks/eval/extraction/*.json`` (``stance eval-extraction --out``)
- classification: ``models/*/metrics.json`` and ``models/*/config.json`` (``stance train``)
- harness: ``benchmarks/eval/corpus-test-*/results.json`` (``stance eval``)
- external: ``benchmarks/eval/external/*.json`` (``stance eval --data ...``, error lists left out)
- real news: ``benchmarks/eval/real-news*-test-*/results.json`` (``stance eval --data real-news|real-news-full``)
- speed: ``benchmarks/RESULTS.md`` (``python benchmarks/run.py``)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "benchmarks" / "eval"


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _ci(v: float, ci: Any) -> str:
    return f"{v:.3f} ({ci[0]:.3f}–{ci[1]:.3f})"


def _na(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f}"


# -- extraction ---------------------------------------------------------------------------

_EXTRACTION_ROWS = (
    (
        "gold.json",
        "project gold articles (`data/articles`, written for the project)",
        "stance eval-extraction --out benchmarks/eval/extraction/gold.json",
    ),
    (
        "polnear-dev.json",
        "PolNeAR dev (real US political news; developed on)",
        "stance eval-extraction --polnear dev --out benchmarks/eval/extraction/polnear-dev.json",
    ),
    (
        "polnear-test.json",
        "PolNeAR test (never tuned on)",
        "stance eval-extraction --polnear test --out benchmarks/eval/extraction/polnear-test.json",
    ),
)


def extraction() -> str:
    lines = [
        "| data | documents | gold statements | span P | span R | span F1 (95% CI) | speaker acc. (95% CI) | speaker-mention acc. |",
        "|---|---|---|---|---|---|---|---|",
    ]
    commands = []
    for name, label, cmd in _EXTRACTION_ROWS:
        p = EVAL / "extraction" / name
        if not p.is_file():
            continue
        r = _load(p)
        spk = "—" if r.get("speaker_accuracy") is None else _ci(r["speaker_accuracy"], r["speaker_accuracy_ci"])
        lines.append(
            f"| {label} | {r['n_documents']} | {r['n_gold']:,} | {r['precision']:.3f} | {r['recall']:.3f} | "
            f"{_ci(r['f1'], r['f1_ci'])} | {spk} | {_na(r.get('mention_accuracy'))} |"
        )
        commands.append(f"`{cmd}`")
    lines += ["", "Reproduce: " + "; ".join(commands) + "."]
    return "\n".join(lines)


# -- classification (model cards) ----------------------------------------------------------


def _metrics(name: str) -> dict[str, Any]:
    m = _load(ROOT / "models" / name / "metrics.json")
    return m.get("test", m)


def classification() -> str:
    rows = []
    for name, label in (("accurate", "`accurate` (default)"), ("fast", "`fast`")):
        m = _metrics(name)
        cfg = _load(ROOT / "models" / name / "config.json")
        on = cfg.get("adjust_priors", False)
        default, other = ("with", "without") if on else ("without", "with")
        bal, real = m["balanced"], m["realistic"]
        alt = "prior_correction" if not on else "no_prior_correction"
        rows.append(
            f"| {label} | {cfg['base']} + LoRA (r={cfg['lora_r']}{'' if cfg.get('lora_layers') is None else ', layers ' + ','.join(map(str, cfg['lora_layers']))}) | "
            f"**{bal['default']['stance']['macro_f1']:.3f}** {default} / {bal[alt]['stance']['macro_f1']:.3f} {other} | "
            f"{bal['default']['sentiment']['macro_f1']:.3f} | "
            f"**{real['default']['stance']['macro_f1']:.3f}** {default} / {real[alt]['stance']['macro_f1']:.3f} {other} | "
            f"{bal['default']['stance']['ece_uncalibrated']:.3f} → {bal['default']['stance']['ece']:.3f} | "
            f"{real['default']['stance']['per_class']['conditional']['recall']:.3f} |"
        )
    m = _metrics("accurate")
    n_bal, n_real = m["balanced"]["default"]["n"], m["realistic"]["default"]["n"]
    head = [
        f"| model | encoder | stance macro-F1, balanced statements (n={n_bal}); prior correction | sentiment macro-F1 (n={n_bal}) | "
        f"stance macro-F1, realistic mix of the gold articles (n={n_real}) | stance ECE, T=1 → calibrated (balanced, default settings) | "
        "conditional recall, realistic mix (default) |",
        "|---|---|---|---|---|---|---|",
    ]
    notes = []
    for name in ("accurate", "fast"):
        cfg = _load(ROOT / "models" / name / "config.json")
        agree = cfg.get("bf16_agreement")
        if agree is not None:
            notes.append(f"`{name}` {100 * agree:.2f}%")
        notes_cmd = cfg.get("training", {}).get("command", "")
        if notes_cmd:
            notes.append(f"`{name}` was trained with `{notes_cmd}` ({cfg['training'].get('minutes')} min)")
    prior = ", ".join(
        f"`{n}` {'on' if _load(ROOT / 'models' / n / 'config.json').get('adjust_priors') else 'off'}" for n in ("accurate", "fast")
    )
    text = (
        head
        + rows
        + [
            "",
            f"Class-prior correction by default (decided on dev): {prior}. bf16 autocast agrees with fp32 on the test statements: "
            + "; ".join(n for n in notes if "%" in n)
            + ". "
            + "; ".join(n for n in notes if "trained with" in n)
            + ". Source: `models/*/metrics.json`, `models/*/config.json`.",
        ]
    )
    return "\n".join(text)


# -- the evaluation harness on the corpus test split ----------------------------------------

_SYSTEMS = (
    ("majority", "majority class"),
    ("vader", "VADER lexicon (mapping in `stance/evaluation/baselines.py`)"),
    ("tfidf", "TF-IDF + logistic regression"),
    ("frozen-minilm", "frozen MiniLM embeddings + logistic regression"),
    ("stance-fast", "`fast` (fine-tuned, default settings)"),
    ("stance-accurate", "`accurate` (fine-tuned, default settings)"),
)


def _results(folder: str) -> dict[str, Any]:
    return _load(EVAL / folder / "results.json")


def harness() -> str:
    by: dict[tuple[str, str], dict[str, Any]] = {}
    runs = {name: _results(f"corpus-test-{name}") for name in ("accurate", "fast")}
    for run in runs.values():
        for r in run["results"]:
            by.setdefault((r["system"], r["head"]), r)
    lines = [
        "| system (trained on the train split) | stance macro-F1 (95% CI) | of which balanced / articles | sentiment macro-F1 (95% CI) | stance ECE |",
        "|---|---|---|---|---|",
    ]
    for key, label in _SYSTEMS:
        st, se = by.get((key, "stance")), by.get((key, "sentiment"))
        if st is None:
            continue
        parts = st["breakdowns"].get("source", {})
        bal = parts.get("statement", {}).get("macro_f1")
        art = parts.get("article", {}).get("macro_f1")
        lines.append(
            f"| {label} | {_ci(st['macro_f1'], st['macro_f1_ci'])} | {_na(bal)} / {_na(art)} | "
            f"{_ci(se['macro_f1'], se['macro_f1_ci']) if se else '—'} | {_na(st.get('ece'))} |"
        )
    lines.append("")
    for name, run in runs.items():
        for c in run["comparisons"]:
            lines.append(
                f"- paired bootstrap, {c['head']}: `{name}` − {c['a']} = {c['difference']:+.3f} macro-F1 "
                f"(95% CI {c['ci'][0]:+.3f} to {c['ci'][1]:+.3f}; {c['resamples']:,} resamples, n={c['n']:,})"
            )
        e = run.get("end_to_end")
        if e:
            lines.append(
                f"- end to end on the {e['n_documents']} test-split gold articles (span overlap + speaker + stance), `{name}`: "
                f"P {e['precision']:.3f}, R {e['recall']:.3f}, F1 {_ci(e['f1'], e['f1_ci'])}; "
                f"stance right on {e['stance_accuracy_on_matched']:.0%} of the statements whose span was found"
            )
    lines += ["", "Source: `benchmarks/eval/corpus-test-accurate/results.json`, `benchmarks/eval/corpus-test-fast/results.json`."]
    return "\n".join(lines)


# -- external sets -------------------------------------------------------------------------

_EXTERNAL = (
    ("newsmtsc", "NewsMTSC real-world test (target mentions in US news)", "sentiment", None, "sentiment macro-F1"),
    ("unscon", "UNSCon, four 2014 Security Council debates on Ukraine", "stance", "hostile", "F1 of hostile"),
    ("ruw", "RUW tweets, test (tweet × {Russia, Ukraine})", "stance", None, "macro-F1 (hostile / neutral)"),
)


def external() -> str:
    lines = [
        "| set | n | metric | majority | VADER | TF-IDF | `fast` | `accurate` |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, label, head, focus, metric in _EXTERNAL:
        scores: dict[str, str] = {}
        n = None
        for model in ("accurate", "fast"):
            p = EVAL / "external" / f"{key}-{model}.json"
            if not p.is_file():
                continue
            run = _load(p)
            for r in run["results"]:
                if r["head"] != head:
                    continue
                n = r["n"]
                if focus:
                    v = next(c["f1"] for c in r["per_class"] if c["label"] == focus)
                    scores[r["system"]] = f"{v:.3f}"
                else:
                    scores[r["system"]] = (
                        _ci(r["macro_f1"], r["macro_f1_ci"]) if r["system"].startswith("stance-") else f"{r['macro_f1']:.3f}"
                    )
        if not scores:
            continue
        cells = [scores.get(s, "—") for s in ("majority", "vader", "tfidf", "stance-fast", "stance-accurate")]
        lines.append(f"| {label} | {n:,} | {metric} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Reproduce: `stance eval --data SET --model accurate --baseline majority --baseline vader --baseline tfidf --out DIR` "
        "(and `--model fast`); the committed copies in `benchmarks/eval/external/` leave out the error lists, which quote the sets' texts.",
    ]
    return "\n".join(lines)


# -- speed ---------------------------------------------------------------------------------


# -- real news: the real-news gold's test split ----------------------------------------------

_REAL_SYSTEMS = (
    ("majority", "majority class"),
    ("vader", "VADER lexicon"),
    ("tfidf", "TF-IDF + logistic regression (trained on the written corpus)"),
    ("stance-fast", "`fast`"),
    ("stance-accurate", "`accurate`"),
)


def _false_alarms(r: dict[str, Any]) -> str:
    """Statements not about NATO labelled hostile or conditional (gold: neutral), with a 95% Wilson interval."""
    from stance.scoring._report import wilson

    g = r["breakdowns"].get("about_target", {}).get("False")
    if not g:
        return "—"
    n = g["n"]
    k = round(n * (1 - g["accuracy"]))
    lo, hi = wilson(k, n)
    return f"{k / n:.1%} ({lo:.1%}–{hi:.1%}; n={n:,})"


def real_news() -> str:
    runs = {}
    for layer in ("real-news", "real-news-full"):
        for model in ("accurate", "fast"):
            path = EVAL / f"{layer}-test-{model}" / "results.json"
            if path.is_file():
                for r in _load(path)["results"]:
                    runs.setdefault((layer, r["system"], r["head"]), r)
    lines = [
        "| system | NATO layer: stance macro-F1 (95% CI) | hostile F1 (vs rest) | conditional recall (n) | sentiment macro-F1 (95% CI) | "
        "full-article layer: stance macro-F1 | off-target false alarms |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, label in _REAL_SYSTEMS:
        st, se = runs.get(("real-news", key, "stance")), runs.get(("real-news", key, "sentiment"))
        fu = runs.get(("real-news-full", key, "stance"))
        if st is None:
            continue
        pc = {c["label"]: c for c in st["per_class"]}
        lines.append(
            f"| {label} | {_ci(st['macro_f1'], st['macro_f1_ci'])} | {pc['hostile']['f1']:.3f} | "
            f"{pc['conditional']['recall']:.3f} ({pc['conditional']['support']}) | {_ci(se['macro_f1'], se['macro_f1_ci']) if se else '—'} | "
            f"{_ci(fu['macro_f1'], fu['macro_f1_ci']) if fu else '—'} | {_false_alarms(fu) if fu else '—'} |"
        )
    n_nato = next((r["n"] for (layer, _, _), r in runs.items() if layer == "real-news"), 0)
    n_full = next((r["n"] for (layer, _, _), r in runs.items() if layer == "real-news-full"), 0)
    lines += [
        "",
        f"NATO layer: the {n_nato:,} test-split statements about NATO; full-article layer: all {n_full:,} statements of the test split's "
        "fully annotated articles (mostly not about NATO, all of those neutral by the label rules). Reproduce: "
        "`stance eval --data real-news --model accurate --baseline majority --baseline vader --baseline tfidf --out benchmarks/eval/real-news-test-accurate` "
        "(and `--model fast`; `--data real-news-full` for the full-article layer); the committed results leave out the error lists.",
    ]
    return "\n".join(lines)


def speed() -> str:
    text = (ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8").strip()
    body = text.split("\n", 1)[1].strip() if text.startswith("# ") else text
    return re.sub(r"^## ", "#### ", re.sub(r"^### ", "##### ", body, flags=re.M), flags=re.M)


def scoring() -> str:
    text = (ROOT / "benchmarks" / "SCORING.md").read_text(encoding="utf-8").strip()
    body = text.split("\n", 1)[1].strip() if text.startswith("# ") else text
    body = "\n".join(line for line in body.splitlines() if not line.startswith("Reproduce:")).strip()
    return re.sub(r"^## ", "#### ", body, flags=re.M)


BLOCKS = {
    "extraction": extraction,
    "real_news": real_news,
    "classification": classification,
    "harness": harness,
    "external": external,
    "speed": speed,
    "scoring": scoring,
}


def block_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- figures:{name} -->\n)(.*?)(\n<!-- /figures:{name} -->)", re.S)


def render_readme(readme: str) -> str:
    """The README with every figures block regenerated from its source files."""
    for name, fn in BLOCKS.items():
        pat = block_pattern(name)
        if not pat.search(readme):
            raise SystemExit(f"README.md has no <!-- figures:{name} --> block")
        body = fn()
        readme = pat.sub(lambda m, body=body: m.group(1) + body + m.group(3), readme)
    return readme


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    path = ROOT / "README.md"
    old = path.read_text(encoding="utf-8")
    new = render_readme(old)
    if args.write:
        path.write_text(new, encoding="utf-8")
        print("README.md figures rewritten" if new != old else "README.md figures already up to date")
        return 0
    if new == old:
        print("README.md figures are up to date")
        return 0
    import difflib

    sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "README.md", "generated"))
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
