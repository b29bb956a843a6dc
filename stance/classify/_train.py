"""Fine-tuning: LoRA adapters and heads on (target, statement, context) pairs; model
selection on dev; temperature scaling and class-prior correction fitted on dev.

Deterministic for a seed on a given machine (fixed seeds, a seeded shuffle, no dropout at
evaluation)."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..evaluation.metrics import macro_f1_codes
from ..labels import NATO_SCHEME, LabelScheme
from ._bases import resolve_base
from ._config import ClassifierConfig, TrainConfig
from ._model import StanceClassifier, format_input

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

__all__ = ["TrainConfig", "data_version", "fit_temperature", "train"]


def data_version(rows: Sequence[dict]) -> str:
    h = hashlib.sha256()
    for r in sorted(rows, key=lambda r: str(r.get("id"))):
        h.update(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str).encode())
    return h.hexdigest()[:16]


def _set_seed(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def fit_temperature(logits: Any, labels: Any) -> float:
    """The temperature minimising the dev negative log-likelihood (golden-section search on log T)."""
    import numpy as np

    z = np.asarray(logits, dtype=np.float64)
    y = np.asarray(labels)

    def nll(log_t: float) -> float:
        s = z / math.exp(log_t)
        s = s - s.max(axis=1, keepdims=True)
        lp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        return float(-lp[np.arange(len(y)), y].mean())

    lo, hi = math.log(0.05), math.log(20.0)
    g = (math.sqrt(5) - 1) / 2
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    fa, fb = nll(a), nll(b)
    for _ in range(60):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - g * (hi - lo)
            fa = nll(a)
        else:
            lo, a, fa = a, b, fb
            b = lo + g * (hi - lo)
            fb = nll(b)
    return float(math.exp((lo + hi) / 2))


def train(
    train_rows: Sequence[dict],
    dev_rows: Sequence[dict],
    config: TrainConfig | None = None,
    *,
    scheme: LabelScheme = NATO_SCHEME,
    target: str = "NATO",
    name: str = "stance-model",
    base_dir: str | Path | None = None,
    realistic_dev: Sequence[dict] | None = None,
    command: str = "",
    log: Any = None,
) -> StanceClassifier:
    """Fine-tune a classifier as ``config`` says. Rows are dicts with ``text``, optional
    ``context`` and one string label per head of ``scheme``. ``realistic_dev`` (rows with the
    real-coverage class mix) decides whether the prior correction is switched on.

    Deliberately one function over ~150 lines: the loop, its schedule, evaluation and
    calibration share local state that is clearer in one place than threaded through helpers."""
    import numpy as np
    import torch

    args = config or TrainConfig()
    heads = scheme.as_dict()
    for split_name, rows in (("train", train_rows), ("dev", dev_rows)):
        if not rows:
            raise InputError(f"the {split_name} data is empty")
        for i, r in enumerate(rows):
            if not isinstance(r.get("text"), str) or not r["text"].strip():
                raise InputError(f"{split_name} row {i} has no text")
            for h, labels in heads.items():
                if r.get(h) not in labels:
                    raise InputError(f"{split_name} row {i}: {h} label {r.get(h)!r} is not one of {labels}")
    _set_seed(args.seed)
    base = args.base
    max_length = args.max_length
    bdir, digest = resolve_base(base, base_dir)
    model_config = ClassifierConfig(
        name=name,
        base=base if base in ("minilm", "mpnet") else str(bdir),
        base_sha256=digest,
        heads=heads,
        target=target,
        primary_head=scheme.primary,
        max_length=max_length,
        lora_r=args.lora_r,
        lora_alpha=args.alpha,
        lora_layers=list(args.lora_layers) if args.lora_layers is not None else None,
        data_version=data_version(list(train_rows) + list(dev_rows)),
        train_config=args.to_dict(),
    )
    clf = StanceClassifier._assemble(model_config, bdir, None, merge=False)
    net = clf.net
    for p in net.parameters():
        p.requires_grad_(False)
    lora_params = [p for n, p in net.named_parameters() if "lora_" in n]
    head_params = list(net.heads.parameters())
    for p in lora_params + head_params:
        p.requires_grad_(True)
    opt = torch.optim.AdamW(
        [{"params": lora_params, "lr": args.lr}, {"params": head_params, "lr": args.head_lr}],
        weight_decay=args.weight_decay,
    )
    weights = {h: args.weight(h) for h in heads}
    tok = clf.tokenizer

    def encode(rows: Sequence[dict]) -> list[dict]:
        firsts = [format_input(target, r["text"]) for r in rows]
        seconds = [r.get("context") or "" for r in rows]
        enc = tok(firsts, seconds, truncation=True, max_length=max_length)
        items = []
        for i, r in enumerate(rows):
            item = {k: enc[k][i] for k in enc.keys()}
            for h, labels in heads.items():
                item["y_" + h] = labels.index(r[h])
            items.append(item)
        return items

    def collate(items: list[dict]) -> dict[str, Any]:
        n = max(len(it["input_ids"]) for it in items)
        out: dict[str, Any] = {}
        for key in items[0]:
            if key.startswith("y_"):
                out[key] = torch.tensor([it[key] for it in items])
            else:
                pad = tok.pad_token_id if key == "input_ids" else 0
                out[key] = torch.tensor([list(it[key]) + [pad] * (n - len(it[key])) for it in items])
        return out

    train_items = encode(train_rows)
    dev_items = encode(dev_rows)
    rng = random.Random(args.seed)

    def batches(items: list[dict], shuffle: bool) -> list[list[dict]]:
        idx = sorted(range(len(items)), key=lambda i: len(items[i]["input_ids"]))
        chunks = [idx[i : i + args.batch_size] for i in range(0, len(idx), args.batch_size)]
        if shuffle:  # length-bucketed batches in a seeded random order
            rng.shuffle(chunks)
        return [[items[i] for i in c] for c in chunks]

    steps_total = args.epochs * math.ceil(len(train_items) / args.batch_size)
    warm = max(1, int(args.warmup * steps_total))

    def lr_factor(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        return max(0.0, (steps_total - step) / max(1, steps_total - warm))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_factor)
    losses = {h: torch.nn.CrossEntropyLoss(label_smoothing=args.label_smoothing) for h in heads}

    def evaluate(items: list[dict]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        net.eval()
        logits = {h: [] for h in heads}
        ys = {h: [] for h in heads}
        with torch.inference_mode():
            for b in batches(items, False):
                batch = collate(b)
                out = net(**{k: v for k, v in batch.items() if not k.startswith("y_")})
                for h in heads:
                    logits[h].append(out[h].float().numpy())
                    ys[h].append(batch["y_" + h].numpy())
        return {h: np.concatenate(v) for h, v in logits.items()}, {h: np.concatenate(v) for h, v in ys.items()}

    best_score, best_state, best_epoch = -1.0, None, -1
    history = []
    t0 = time.time()
    step = 0
    for epoch in range(args.epochs):
        net.train()
        total = 0.0
        for b in batches(train_items, True):
            batch = collate(b)
            out = net(**{k: v for k, v in batch.items() if not k.startswith("y_")})
            loss = sum(weights.get(h, 1.0) * losses[h](out[h], batch["y_" + h]) for h in heads)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(lora_params + head_params, 1.0)
            opt.step()
            sched.step()
            step += 1
            total += float(loss.detach())
        dev_logits, dev_y = evaluate(dev_items)
        f1 = {h: macro_f1_codes(dev_y[h], dev_logits[h].argmax(1), len(heads[h])) for h in heads}
        score = sum(f1.values()) / len(f1)
        history.append(
            {
                "epoch": epoch + 1,
                "train_loss": total / max(1, math.ceil(len(train_items) / args.batch_size)),
                **{f"dev_macro_f1_{h}": v for h, v in f1.items()},
                "minutes": (time.time() - t0) / 60,
            }
        )
        if log:
            log(history[-1])
        if score > best_score:
            best_score, best_epoch = score, epoch + 1
            best_state = {k: v.detach().clone() for k, v in net.state_dict().items() if "lora_" in k or k.startswith("heads.")}
        if args.stop_after is not None and epoch + 1 >= args.stop_after:
            logger.info("stopping after epoch %d as asked (schedule of %d epochs)", epoch + 1, args.epochs)
            break
        if args.max_minutes is not None and (time.time() - t0) / 60 > args.max_minutes:
            logger.warning("stopping after epoch %d: the time budget of %.0f minutes is spent", epoch + 1, args.max_minutes)
            break
    assert best_state is not None
    net.load_state_dict(best_state, strict=False)
    dev_logits, dev_y = evaluate(dev_items)
    model_config.temperatures = {h: fit_temperature(dev_logits[h], dev_y[h]) for h in heads}
    # class-prior correction toward the real-coverage mix, kept only if it helps there
    main = scheme.primary
    if realistic_dev:
        real_counts = np.array([sum(1 for r in realistic_dev if r[main] == lab) for lab in heads[main]], dtype=np.float64) + 1.0
        train_counts = np.array([sum(1 for r in train_rows if r[main] == lab) for lab in heads[main]], dtype=np.float64) + 1.0
        shift = np.log(real_counts / real_counts.sum()) - np.log(train_counts / train_counts.sum())
        model_config.prior_shift = {main: shift.round(6).tolist()}
        real_items = encode(realistic_dev)
        rl, ry = evaluate(real_items)
        t = model_config.temperatures[main]
        plain = macro_f1_codes(ry[main], (rl[main] / t).argmax(1), len(heads[main]))
        shifted = macro_f1_codes(ry[main], (rl[main] / t + shift).argmax(1), len(heads[main]))
        model_config.adjust_priors = shifted > plain
        model_config.metrics["dev_realistic_macro_f1"] = {"plain": plain, "prior_corrected": shifted}
    model_config.training = {
        "epochs": args.epochs,
        "best_epoch": best_epoch,
        "batch_size": args.batch_size,
        "lr": args.lr,
        "head_lr": args.head_lr,
        "seed": args.seed,
        "train_rows": len(train_rows),
        "dev_rows": len(dev_rows),
        "minutes": round((time.time() - t0) / 60, 2),
        "history": history,
        "command": command,
        "torch_threads": torch.get_num_threads(),
    }
    state = {k: v.clone() for k, v in net.state_dict().items() if "lora_" in k or k.startswith("heads.")}
    return StanceClassifier._assemble(model_config, bdir, state)
