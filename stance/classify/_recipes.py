"""Training recipes behind ``stance train``: :func:`train_on_corpus` (a shipped model on the
project corpus, measured on its test split, with a model card) and :func:`train_on_file` (a
user's own labelled file, any target and label set). Both take one :class:`TrainConfig`."""

from __future__ import annotations

import json
import logging
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError, MissingInputError
from ..labels import LabelScheme
from ._config import TrainConfig

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

__all__ = ["measure", "train_on_corpus", "train_on_file", "write_model_card"]


def measure(clf: Any, rows: Sequence[dict], *, adjust_priors: bool | None = None) -> dict[str, Any]:
    """Stance and sentiment metrics of a classifier on labelled rows."""
    from ..evaluation.metrics import expected_calibration_error, macro_f1, per_class

    if not rows:
        return {}
    raw, _ = clf.logits(
        [r["text"] for r in rows], [r.get("context") for r in rows], clf.config.target, batch_size=32, show_progress_bar=False
    )
    probs = clf.probabilities(raw, adjust_priors=adjust_priors)
    uncal = clf.probabilities({k: v * clf.config.temperatures.get(k, 1.0) for k, v in raw.items()}, adjust_priors=False)
    out: dict[str, Any] = {"n": len(rows)}
    for head, labels in clf.config.heads.items():
        if head not in rows[0]:
            continue
        gold = [r[head] for r in rows]
        pred = [labels[int(i)] for i in probs[head].argmax(1)]
        conf = probs[head].max(1).tolist()
        ece, _ = expected_calibration_error(conf, [g == p for g, p in zip(gold, pred, strict=True)])
        pred_u = [labels[int(i)] for i in uncal[head].argmax(1)]
        ece_u, _ = expected_calibration_error(uncal[head].max(1).tolist(), [g == p for g, p in zip(gold, pred_u, strict=True)])
        out[head] = {
            "macro_f1": macro_f1(gold, pred, labels),
            "per_class": {
                s.label: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "support": s.support}
                for s in per_class(gold, pred, labels)
            },
            "ece": ece,
            "ece_uncalibrated": ece_u,
        }
    return out


def bf16_agreement(clf: Any, rows: Sequence[dict]) -> float:
    """Share of rows whose stance is the same under bf16 autocast as in fp32 (measured on
    the first 400 test statements: bf16 is emulated, and slow, on CPUs without it)."""
    import numpy as np

    texts, ctx = [r["text"] for r in rows], [r.get("context") for r in rows]
    saved = clf._bf16
    try:
        clf._bf16 = False
        a, _ = clf.logits(texts, ctx, clf.config.target, show_progress_bar=False)
        clf._bf16 = True
        b, _ = clf.logits(texts, ctx, clf.config.target, show_progress_bar=False)
    finally:
        clf._bf16 = saved
    head = clf.scheme.primary
    return float(np.mean(a[head].argmax(1) == b[head].argmax(1)))


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def write_model_card(folder: Path, clf: Any, results: dict[str, Any], *, title: str, intended: str) -> None:
    """Deliberately long: it writes the card top to bottom, section after section."""
    c = clf.config
    lines = [
        f"# {title}",
        "",
        f"Stance ({', '.join(c.heads.get('stance', []))}) and sentiment ({', '.join(c.heads.get('sentiment', []))}) of attributed statements toward **{c.target}**.",
        "",
        "## Model",
        "",
        f"- base encoder: `{c.base}` (sha256 of `model.safetensors`: `{c.base_sha256}`), loaded from the local folder, cache or PyPI package, never downloaded;",
        f"- LoRA adapters (r={c.lora_r}, alpha={c.lora_alpha}{'' if c.lora_layers is None else f', layers {c.lora_layers}'}) and one linear head per label set over mean-pooled tokens, in `adapter.safetensors`; merged into the encoder at load time;",
        f'- input: `"{c.target}: <statement>"` paired with the statement\'s context, at most {c.max_length} tokens;',
        f"- temperatures fitted on dev: {', '.join(f'{k} {v:.3f}' for k, v in c.temperatures.items())}; class-prior correction toward the real-coverage mix: {'on' if c.adjust_priors else 'off'} by default (decided on dev);",
        f"- training data version `{c.data_version}`; {c.training.get('train_rows')} training and {c.training.get('dev_rows')} dev statements; best epoch {c.training.get('best_epoch')} of {c.training.get('epochs')}; {c.training.get('minutes')} minutes on {c.training.get('torch_threads')} CPU threads.",
        "",
        "Reproduce:",
        "",
        "```bash",
        c.training.get("command", ""),
        "```",
        "",
        "## Intended use",
        "",
        intended,
        "",
        "## Results on the test split (never used for training or model selection)",
        "",
    ]
    for part, desc in (
        ("balanced", "standalone written statements (balanced classes)"),
        ("realistic", "statements of the gold articles (the real-coverage mix: few conditional, mostly neutral)"),
    ):
        for mode in ("default", "no_prior_correction", "prior_correction"):
            r = results.get(part, {}).get(mode)
            if not r:
                continue
            lines += [f"### {desc}: {mode.replace('_', ' ')} (n={r['n']})", ""]
            lines += ["| head | macro-F1 | ECE (calibrated) | ECE (T=1) |", "|---|---|---|---|"]
            for head in c.heads:
                if head in r:
                    lines.append(f"| {head} | {_fmt(r[head]['macro_f1'])} | {_fmt(r[head]['ece'])} | {_fmt(r[head]['ece_uncalibrated'])} |")
            lines += ["", "| head | class | precision | recall | F1 | support |", "|---|---|---|---|---|---|"]
            for head in c.heads:
                if head in r:
                    for lab, s in r[head]["per_class"].items():
                        lines.append(
                            f"| {head} | {lab} | {_fmt(s['precision'])} | {_fmt(s['recall'])} | {_fmt(s['f1'])} | {s['support']} |"
                        )
            lines.append("")
    if c.bf16_agreement is not None:
        lines += [
            f"bf16 autocast agrees with fp32 on {100 * c.bf16_agreement:.1f}% of the test statements; it is used only on CPUs with bf16 support and when the agreement is at least 99%.",
            "",
        ]
    lines += [
        "## Limits",
        "",
        "- Trained on statements written for the project (see `data/README.md`); real news is messier, and figures on real text will be lower.",
        "- English only. Statements longer than the window are truncated (flagged on the prediction).",
        "- The conditional class is rare in real coverage; read its predictions with its precision on the realistic mix in mind.",
        "- Sentiment follows stance closely in the training data (hostile is nearly always negative).",
        "",
    ]
    (folder / "README.md").write_text("\n".join(lines), encoding="utf-8")


def train_on_corpus(out: str | Path, config: TrainConfig | None = None, *, log: Any = None) -> Any:
    """Train on the project corpus (train split; dev for selection and calibration), measure on
    test, save to ``out`` with a model card and ``metrics.json``."""
    config = config or TrainConfig()
    from ..data import load_corpus
    from ._train import train

    dd = load_corpus()
    tr = [dict(r) for r in dd["train"]]
    dv = [dict(r) for r in dd["dev"]]
    te = [dict(r) for r in dd["test"]]
    clf = train(
        tr,
        dv,
        config,
        name=Path(out).name,
        realistic_dev=[r for r in dv if r["source"] == "article"],
        command=_command(out, config),
        log=log,
    )
    balanced = [r for r in te if r["source"] == "statement"]
    realistic = [r for r in te if r["source"] == "article"]
    results = {
        "balanced": {
            "default": measure(clf, balanced),
            "no_prior_correction": measure(clf, balanced, adjust_priors=False),
            "prior_correction": measure(clf, balanced, adjust_priors=True),
        },
        "realistic": {
            "default": measure(clf, realistic),
            "no_prior_correction": measure(clf, realistic, adjust_priors=False),
            "prior_correction": measure(clf, realistic, adjust_priors=True),
        },
    }
    clf.config.bf16_agreement = bf16_agreement(clf, te[:400])
    clf.config.metrics["test"] = results
    folder = clf.save_pretrained(out)
    title = {"minilm": "stance fast model (all-MiniLM-L6-v2 + LoRA)", "mpnet": "stance accurate model (all-mpnet-base-v2 + LoRA)"}.get(
        config.base, f"stance model ({config.base})"
    )
    intended = "Scoring attributed statements about NATO found by `stance.extract` in English news, for research and journalism: shares of hostile / conditional / neutral statements by speaker, country or time. Not for judging individuals, and not a substitute for reading the statements that matter."
    write_model_card(folder, clf, results, title=title, intended=intended)
    (folder / "metrics.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return clf


def train_on_file(
    path: str | Path,
    out: str | Path,
    config: TrainConfig | None = None,
    *,
    scheme: LabelScheme,
    target: str,
    dev_fraction: float = 0.2,
    log: Any = None,
    base_dir: str | Path | None = None,
) -> Any:
    """Train on a user's labelled JSON Lines or CSV file (columns ``text``, optional ``context``
    and ``split``, and one column per head of ``scheme``); every setting comes from ``config``."""
    config = config or TrainConfig()
    import csv
    import random

    from ._train import train

    p = Path(path)
    if not p.is_file():
        raise MissingInputError(f"{p}: no such training file" + (" (it is a directory)" if p.is_dir() else ""))
    if p.suffix == ".csv":
        with open(p, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    else:
        rows = []
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{p}: line {n} is not valid JSON ({exc.msg}, column {exc.colno})") from exc
    if not rows:
        raise InputError(f"{p}: no rows")
    missing = [c for c in ("text", *scheme.names) if c not in rows[0]]
    if missing:
        raise InputError(f"{p}: missing column(s) {missing}; expected text, optional context and split, and {list(scheme.names)}")
    if any(r.get("split") for r in rows):
        tr = [r for r in rows if r.get("split") == "train"]
        dv = [r for r in rows if r.get("split") in ("dev", "validation")]
    else:
        idx = list(range(len(rows)))
        random.Random(config.seed).shuffle(idx)
        k = max(1, int(len(rows) * dev_fraction))
        dv = [rows[i] for i in idx[:k]]
        tr = [rows[i] for i in idx[k:]]
    clf = train(
        tr, dv, config, scheme=scheme, target=target, name=Path(out).name, base_dir=base_dir, log=log, command=_command(out, config)
    )
    clf.save_pretrained(out)
    return clf


def _command(out: str | Path, config: TrainConfig) -> str:
    """The command that reproduces a run: the one typed, when run from the CLI."""
    if sys.argv[1:2] == ["train"]:
        return "stance train " + " ".join(shlex.quote(a) for a in sys.argv[2:])
    return f"stance train --base {config.base} --epochs {config.epochs} --seed {config.seed} --out {out}"
