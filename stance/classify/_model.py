"""StanceClassifier: an encoder with LoRA adapters and one linear head per label set.

Input pairs the target and the statement with its context (``"NATO: <statement>"`` /
``<context>``), so "the alliance" or "those objects" are read in the light of what came
before. The encoder's tokens are mean-pooled (as the sentence-transformers bases were trained)
and each head gives logits for its labels in a fixed order. Probabilities are temperature-scaled
(fitted on dev) and, where the model's config says so, shifted to realistic class priors.

torch and transformers live here (and in ``_train``) and nowhere else.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .._types import Prediction, statement_list
from ..errors import InputError, ModelFolderError, UsageError
from ..labels import LabelScheme
from ..targets import Target, as_target
from ._bases import BaseWeightsError, resolve_base
from ._config import CONFIG_NAME, WEIGHTS_NAME, ClassifierConfig

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

__all__ = ["ClassifierConfig", "ModelFolderError", "StanceClassifier"]

_PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".joblib")


def _cpu_has_bf16() -> bool:
    try:
        flags = next((ln for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("flags")), "")
    except OSError:
        return False
    return "amx_bf16" in flags or "avx512_bf16" in flags


def lora_modules_for(model_type: str) -> list[str]:
    if model_type in ("bert", "roberta", "xlm-roberta", "distilbert"):
        return ["query", "key", "value", "dense"]
    if model_type == "mpnet":
        return ["q", "k", "v", "o", "dense"]
    return ["query", "key", "value", "dense"]


def format_input(target: str, statement: str) -> str:
    return f"{target}: {statement}"


def _build_net(encoder: Any, hidden: int, heads: dict[str, list[str]]) -> Any:
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.dropout = nn.Dropout(0.1)
            self.heads = nn.ModuleDict({k: nn.Linear(hidden, len(v)) for k, v in heads.items()})

        def pool(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor | None = None) -> torch.Tensor:
            kwargs = {"input_ids": input_ids, "attention_mask": attention_mask}
            if token_type_ids is not None:
                kwargs["token_type_ids"] = token_type_ids
            out = self.encoder(**kwargs).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(out.dtype)
            return (out * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor | None = None
        ) -> dict[str, torch.Tensor]:
            pooled = self.dropout(self.pool(input_ids, attention_mask, token_type_ids))
            return {k: h(pooled) for k, h in self.heads.items()}

    return Net()


class StanceClassifier:
    """Stance (and sentiment) of statements toward a target.

    Build with :func:`stance.load` or :meth:`from_pretrained`; train with ``stance train``.
    ``predict`` is safe to call from several threads: calls are serialised by a lock."""

    def __init__(self, config: ClassifierConfig, net: Any, tokenizer: Any, *, base_dir: Path | None = None, source: str | None = None):
        self.config = config
        self.net = net
        self.tokenizer = tokenizer
        self.base_dir = base_dir
        self.source = source
        self._lock = threading.Lock()
        self._bf16 = self._decide_bf16()

    # -- introspection -------------------------------------------------------------------
    @property
    def labels(self) -> dict[str, list[str]]:
        """Each head's labels, in the fixed order of its probability vectors."""
        return {k: list(v) for k, v in self.config.heads.items()}

    @property
    def scheme(self) -> LabelScheme:
        """Heads, label order and primary head (read by scoring, evaluation and the CLI)."""
        return self.config.scheme

    @property
    def classes_(self) -> list[str]:
        """The primary head's labels in order (scikit-learn's ``classes_`` convention)."""
        return list(self.scheme.labels(self.scheme.primary))

    @property
    def precision(self) -> str:
        """'bf16' or 'fp32': the arithmetic predict() uses on this machine."""
        return "bf16" if self._bf16 else "fp32"

    def _decide_bf16(self) -> bool:
        env = os.environ.get("STANCE_BF16")
        if env is not None:
            return env == "1"
        agree = self.config.bf16_agreement
        return _cpu_has_bf16() and agree is not None and agree >= 0.99

    # -- prediction ----------------------------------------------------------------------
    def _encode(self, firsts: list[str], seconds: list[str] | None) -> tuple[dict[str, Any], list[bool]]:
        """Tokenise (target: statement, context) pairs. The context gives way first; the
        statement itself is cut (and flagged) only when it alone overflows the window."""
        tok = self.tokenizer
        budget = self.config.max_length - 3 - (24 if seconds else 0)
        ids = tok(firsts, add_special_tokens=False)["input_ids"]
        truncated = [len(x) > budget for x in ids]
        firsts = [tok.decode(x[:budget]) if cut else f for f, x, cut in zip(firsts, ids, truncated, strict=True)]
        strategy = "only_second" if seconds else True
        enc = tok(firsts, seconds, truncation=strategy, max_length=self.config.max_length, padding=True, return_tensors="pt")
        return dict(enc), truncated

    def logits(
        self,
        statements: Sequence[str],
        contexts: Sequence[str | None] | None,
        target: str,
        batch_size: int = 32,
        show_progress_bar: bool | None = None,
    ) -> tuple[dict[str, Any], list[bool]]:
        """Raw (uncalibrated) logits per head, in input order, as numpy arrays."""
        import numpy as np
        import torch

        n = len(statements)
        firsts = [format_input(target, s) for s in statements]
        seconds = [c or "" for c in contexts] if contexts is not None else None
        order = sorted(range(n), key=lambda i: len(firsts[i]) + (len(seconds[i]) if seconds else 0))
        out = {k: np.zeros((n, len(v)), dtype=np.float32) for k, v in self.config.heads.items()}
        truncated = [False] * n
        bar = _progress(range(0, n, batch_size), total=math.ceil(n / batch_size) if n else 0, show=show_progress_bar, desc="classifying")
        self.net.eval()
        for start in bar:
            idx = order[start : start + batch_size]
            enc, trunc = self._encode([firsts[i] for i in idx], [seconds[i] for i in idx] if seconds else None)
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self._bf16):
                res = self.net(**enc)
            for k, v in res.items():
                out[k][idx] = v.float().numpy()
            for j, i in enumerate(idx):
                truncated[i] = trunc[j]
        return out, truncated

    def probabilities(self, logits: dict[str, Any], *, adjust_priors: bool | None = None) -> dict[str, Any]:
        """Calibrated probabilities from raw logits (temperature, then optional prior shift)."""
        import numpy as np

        adjust = self.config.adjust_priors if adjust_priors is None else adjust_priors
        out = {}
        for k, z in logits.items():
            t = float(self.config.temperatures.get(k, 1.0))
            z = z / t
            if adjust and k in self.config.prior_shift:
                z = z + np.asarray(self.config.prior_shift[k], dtype=np.float32)
            z = z - z.max(axis=1, keepdims=True)
            p = np.exp(z)
            out[k] = p / p.sum(axis=1, keepdims=True)
        return out

    def predict(
        self,
        statements: Iterable[str] | str,
        *,
        target: str | Target = "NATO",
        contexts: Sequence[str | None] | None = None,
        batch_size: int = 32,
        show_progress_bar: bool | None = None,
        explain: bool = False,
        adjust_priors: bool | None = None,
        zero_shot: bool = False,
    ) -> list[Prediction]:
        """Predict stance and sentiment for each statement (same order as given).

        A model answers for the target it was trained on; ``zero_shot=True`` asks it about
        another target anyway (transfer, as the external benchmarks do; expect lower accuracy).

        ``contexts`` (optional, one per statement) is the text around each statement."""
        items = statement_list(statements)
        if contexts is not None:
            contexts = list(contexts)
            if len(contexts) != len(items):
                raise InputError(f"got {len(items)} statements but {len(contexts)} contexts; give one context (or None) per statement")
            for i, c in enumerate(contexts):
                if c is not None and not isinstance(c, str):
                    raise TypeError(f"context {i} is {type(c).__name__}, expected str or None")
        tgt = as_target(target)
        asked = tgt.name if zero_shot else self.config.target
        if tgt.name.lower() != self.config.target.lower() and not zero_shot:
            raise UsageError(
                f"this model was trained for target {self.config.target!r}, not {tgt.name!r}; "
                f"train one for {tgt.name!r} with `stance train --target {tgt.name!r} ...` or load a model made for it"
            )
        if not items:
            return []
        with self._lock:
            raw, truncated = self.logits(items, contexts, asked, batch_size, show_progress_bar)
            probs = self.probabilities(raw, adjust_priors=adjust_priors)
            evidence = self._occlusion(items, contexts, probs, asked) if explain else [()] * len(items)
        if any(truncated):
            warnings.warn(
                f"{sum(truncated)} statement(s) were longer than the model's window of {self.config.max_length} tokens and were truncated (see Prediction.truncated)",
                stacklevel=2,
            )
        scheme = self.scheme
        preds = []
        for i in range(len(items)):
            preds.append(
                Prediction(
                    scores={h: {lab: float(probs[h][i][j]) for j, lab in enumerate(scheme.labels(h))} for h in scheme.names},
                    primary=scheme.primary,
                    mentions_target=tgt.mentioned_in(items[i], contexts[i] if contexts else None),
                    evidence=evidence[i],
                    truncated=truncated[i],
                )
            )
        return preds

    def _occlusion(
        self, items: list[str], contexts: list[str | None] | None, probs: dict[str, Any], target: str, top: int = 3
    ) -> list[tuple[tuple[int, int], ...]]:
        """The words whose removal lowers the predicted stance's probability most."""
        main = self.scheme.primary
        out: list[tuple[tuple[int, int], ...]] = []
        for i, text in enumerate(items):
            words = _word_spans(text)[:80]
            if len(words) < 2:
                out.append(tuple(words))
                continue
            variants = [text[:s] + text[e:] for s, e in words]
            ctx = [contexts[i] if contexts else None] * len(variants)
            raw, _ = self.logits(variants, ctx if contexts else None, target, batch_size=32, show_progress_bar=False)
            p = self.probabilities(raw)[main]
            k = int(probs[main][i].argmax())
            drops = probs[main][i][k] - p[:, k]
            ranked = sorted(range(len(words)), key=lambda j: -drops[j])[:top]
            out.append(tuple(sorted(words[j] for j in ranked if drops[j] > 0)))
        return out

    # -- persistence ---------------------------------------------------------------------
    def save_pretrained(self, folder: str | os.PathLike[str]) -> Path:
        """Write ``config.json`` and ``adapter.safetensors`` (LoRA weights and heads only)."""
        from safetensors.torch import save_file

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        state = self._trainable_state()
        save_file({k: v.detach().cpu().contiguous() for k, v in state.items()}, str(folder / WEIGHTS_NAME))
        self.config.to_json(folder / CONFIG_NAME)
        return folder

    def _trainable_state(self) -> dict[str, Any]:
        if getattr(self, "_saved_state", None) is not None:
            return self._saved_state
        return {k: v for k, v in self.net.state_dict().items() if "lora_" in k or k.startswith("heads.")}

    @classmethod
    def from_pretrained(cls, folder: str | os.PathLike[str], *, base_dir: str | os.PathLike[str] | None = None) -> StanceClassifier:
        """Load a saved classifier. The folder is validated before anything is loaded: its
        config schema, safetensors weights only, and the base model's checksum."""
        folder = Path(folder)
        if not folder.is_dir():
            raise ModelFolderError(f"{folder}: no such model folder; give a folder written by save_pretrained, or 'accurate' / 'fast'")
        pickles = sorted(p.name for p in folder.iterdir() if p.suffix in _PICKLE_SUFFIXES)
        if pickles:
            raise ModelFolderError(
                f"{folder}: refusing pickled weight file(s) {pickles}; stance loads safetensors only (convert them with save_pretrained)"
            )
        config = ClassifierConfig.from_json(folder / CONFIG_NAME)
        weights = folder / WEIGHTS_NAME
        if not weights.is_file():
            raise ModelFolderError(f"{folder}: missing {WEIGHTS_NAME}")
        try:
            bdir, digest = resolve_base(config.base, base_dir, expected_sha256=config.base_sha256)
        except BaseWeightsError as exc:
            raise ModelFolderError(f"{folder / CONFIG_NAME}: base model check failed: {exc}") from exc
        if digest != config.base_sha256:
            raise ModelFolderError(f"{folder / CONFIG_NAME}: base weights sha256 {digest} differ from the recorded {config.base_sha256}")
        from safetensors.torch import load_file

        state = load_file(str(weights))
        clf = cls._assemble(config, bdir, state)
        clf.source = str(folder)
        return clf

    @classmethod
    def _assemble(cls, config: ClassifierConfig, base_dir: Path, state: dict[str, Any] | None, *, merge: bool = True) -> StanceClassifier:
        from peft import LoraConfig, get_peft_model
        from transformers import AutoConfig, AutoModel, AutoTokenizer

        from ._bases import quiet_transformers

        with quiet_transformers():
            hf_config = AutoConfig.from_pretrained(base_dir, local_files_only=True)
            try:
                encoder = AutoModel.from_pretrained(base_dir, local_files_only=True, use_safetensors=True, add_pooling_layer=False)
            except TypeError:  # architectures without a pooling layer
                encoder = AutoModel.from_pretrained(base_dir, local_files_only=True, use_safetensors=True)
            tokenizer = AutoTokenizer.from_pretrained(base_dir, local_files_only=True)
        modules = config.lora_modules or lora_modules_for(hf_config.model_type)
        lcfg = LoraConfig(
            r=config.lora_r,
            lora_alpha=config.lora_alpha,
            lora_dropout=config.lora_dropout,
            target_modules=modules,
            layers_to_transform=config.lora_layers,
            layers_pattern="layer" if config.lora_layers is not None else None,
        )
        with quiet_transformers():
            encoder = get_peft_model(encoder, lcfg)
        net = _build_net(encoder, hf_config.hidden_size, config.heads)
        if state is not None:
            own = net.state_dict()
            expected = {k for k in own if "lora_" in k or k.startswith("heads.")}
            missing = sorted(expected - set(state))
            unexpected = sorted(set(state) - set(own))
            if missing or unexpected:
                raise ModelFolderError(
                    f"adapter weights do not fit the configured model: missing {missing[:3]}, unexpected {unexpected[:3]}"
                )
            for k, v in state.items():
                if own[k].shape != v.shape:
                    raise ModelFolderError(f"adapter tensor {k} has shape {tuple(v.shape)}, the model expects {tuple(own[k].shape)}")
            net.load_state_dict(state, strict=False)
        clf = cls(config, net, tokenizer, base_dir=base_dir)
        if merge and state is not None:
            clf._saved_state = {k: v.clone() for k, v in state.items()}
            net.encoder = net.encoder.merge_and_unload()  # inference runs at the raw encoder's speed
        net.eval()
        return clf


def _word_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    i, n = 0, len(text)
    while i < n:
        while i < n and not text[i].isalnum():
            i += 1
        j = i
        while j < n and (text[j].isalnum() or text[j] in "'’-"):
            j += 1
        if j > i:
            spans.append((i, j))
        i = j
    return spans


def _progress(it: Iterable[Any], total: int, show: bool | None, desc: str) -> Iterable[Any]:
    import sys

    if show is None:
        show = sys.stderr.isatty() and total > 1
    if not show:
        return it
    from tqdm.auto import tqdm

    return tqdm(it, total=total, desc=desc)
