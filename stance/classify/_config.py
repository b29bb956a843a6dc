"""Configurations saved beside a model's weights: :class:`ClassifierConfig` (what the model
is: base, heads, adapters, calibration; ``config.json``) and :class:`TrainConfig` (how it was
trained; kept inside ``config.json`` under ``train_config`` so a model folder says how to
reproduce it)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from ..errors import ModelFolderError, UsageError
from ..labels import LabelScheme

__all__ = ["CONFIG_NAME", "FORMAT_VERSION", "WEIGHTS_NAME", "ClassifierConfig", "TrainConfig"]

CONFIG_NAME = "config.json"
WEIGHTS_NAME = "adapter.safetensors"
FORMAT_VERSION = 1


@dataclass
class ClassifierConfig:
    """Everything needed to rebuild a classifier; saved as ``config.json`` beside the weights."""

    name: str
    base: str
    base_sha256: str
    heads: dict[str, list[str]]
    target: str = "NATO"
    primary_head: str | None = None  # None: "stance" if there is one, else the first head
    max_length: int = 192
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.1
    lora_layers: list[int] | None = None
    lora_modules: list[str] = field(default_factory=list)
    temperatures: dict[str, float] = field(default_factory=dict)
    prior_shift: dict[str, list[float]] = field(default_factory=dict)
    adjust_priors: bool = False
    bf16_agreement: float | None = None
    data_version: str = ""
    training: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    train_config: dict[str, Any] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION

    REQUIRED = ("name", "base", "base_sha256", "heads")

    @classmethod
    def from_json(cls, path: Path) -> ClassifierConfig:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ModelFolderError(
                f"{path}: unreadable model config ({exc}); the folder needs the config.json written by save_pretrained"
            ) from exc
        if not isinstance(raw, dict):
            raise ModelFolderError(f"{path}: the model config must be a JSON object")
        missing = [k for k in cls.REQUIRED if k not in raw]
        if missing:
            raise ModelFolderError(f"{path}: model config lacks {missing}")
        heads = raw["heads"]
        if (
            not isinstance(heads, dict)
            or not heads
            or not all(isinstance(v, list) and len(v) >= 2 and all(isinstance(x, str) for x in v) for v in heads.values())
        ):
            raise ModelFolderError(f"{path}: 'heads' must map each head name to a list of at least two label strings")
        if raw.get("format_version", 1) > FORMAT_VERSION:
            raise ModelFolderError(
                f"{path}: format_version {raw['format_version']} is newer than this stance supports ({FORMAT_VERSION}); upgrade stance"
            )
        known = {f for f in cls.__dataclass_fields__}
        cfg = cls(**{k: v for k, v in raw.items() if k in known})
        try:
            cfg.scheme  # noqa: B018 - validates heads and the primary head
        except UsageError as exc:
            raise ModelFolderError(f"{path}: {exc}") from exc
        return cfg

    @property
    def scheme(self) -> LabelScheme:
        """The model's label scheme: heads, label order, primary head."""
        return LabelScheme.from_heads(self.heads, self.primary_head)

    def to_json(self, path: Path) -> None:
        d = asdict(self)
        path.write_text(json.dumps(d, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class TrainConfig:
    """Every setting of a training run, in one object: the CLI builds it once and the
    training code reads nothing else. Saved in the model's ``config.json``."""

    base: str = "minilm"
    epochs: int = 6
    stop_after: int | None = None  # stop after this epoch, keeping the learning-rate schedule of `epochs`
    max_minutes: float | None = None  # stop after the epoch that passes this budget
    batch_size: int = 16
    lr: float = 5e-4  # adapters
    head_lr_factor: float = 4.0  # the heads learn at lr * head_lr_factor
    weight_decay: float = 0.01
    warmup: float = 0.06
    label_smoothing: float = 0.05
    lora_r: int = 16
    lora_alpha: int | None = None  # None: 2 * lora_r
    lora_layers: tuple[int, ...] | None = None  # None: every encoder layer
    max_length: int = 192  # tokens for target + statement + context
    head_weights: tuple[tuple[str, float], ...] = ()  # loss weight per head (default 1.0), e.g. (("sentiment", 1.5),)
    seed: int = 0

    def __post_init__(self) -> None:
        checks = (
            (self.epochs >= 1, "epochs must be >= 1"),
            (self.stop_after is None or self.stop_after >= 1, "stop_after must be >= 1"),
            (self.batch_size >= 1, "batch_size must be >= 1"),
            (self.lr > 0 and self.head_lr_factor > 0, "lr and head_lr_factor must be > 0"),
            (self.lora_r >= 1, "lora_r must be >= 1"),
            (self.max_length >= 16, "max_length must be >= 16 tokens"),
            (self.max_minutes is None or self.max_minutes > 0, "max_minutes must be > 0"),
        )
        for ok, msg in checks:
            if not ok:
                raise UsageError(f"TrainConfig: {msg}")

    @property
    def head_lr(self) -> float:
        return self.lr * self.head_lr_factor

    @property
    def alpha(self) -> int:
        return self.lora_alpha if self.lora_alpha is not None else 2 * self.lora_r

    def weight(self, head: str) -> float:
        return dict(self.head_weights).get(head, 1.0)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["lora_layers"] = list(self.lora_layers) if self.lora_layers is not None else None
        d["head_weights"] = dict(self.head_weights)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TrainConfig:
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in known}
        if kw.get("lora_layers") is not None:
            kw["lora_layers"] = tuple(kw["lora_layers"])
        if isinstance(kw.get("head_weights"), dict):
            kw["head_weights"] = tuple(kw["head_weights"].items())
        return cls(**kw)
