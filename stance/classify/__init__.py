"""Classification: statements → Prediction. torch and transformers live here and nowhere else."""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

from ._bases import BASES, BaseWeightsError, resolve_base
from ._cache import MODELS, ModelCache
from ._config import ClassifierConfig, TrainConfig
from ._model import ModelFolderError, StanceClassifier
from ._recipes import train_on_corpus, train_on_file

__all__ = [
    "BASES",
    "BaseWeightsError",
    "ClassifierConfig",
    "MODELS",
    "ModelCache",
    "ModelFolderError",
    "StanceClassifier",
    "TrainConfig",
    "load",
    "model_dir",
    "peek_config",
    "train_on_corpus",
    "train_on_file",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

NAMED = {"accurate": "mpnet", "fast": "minilm"}


def model_dir(name: str) -> Path:
    """The folder of a shipped model ('accurate' or 'fast'), installed or in a checkout."""
    try:
        from importlib.resources import files

        path = Path(str(files("stance.models") / name))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "models" / name


def _folder_for(name_or_path: str | os.PathLike[str], base_dir: str | os.PathLike[str] | None) -> tuple[Path, str | None]:
    """The model folder ``load`` would read, and the reason for a fallback (or None)."""
    key = str(name_or_path)
    if key not in NAMED:
        return Path(key), None
    folder = model_dir(key)
    if not (folder / "config.json").exists():
        raise ModelFolderError(f"the shipped {key!r} model is missing from {folder}; reinstall nato-stance")
    if key == "accurate" and base_dir is None:
        try:
            resolve_base("mpnet")
        except BaseWeightsError as exc:
            return model_dir(
                "fast"
            ), f"the accurate model needs the mpnet encoder, which is not installed ({exc}); using the fast model instead"
    return folder, None


def load(name_or_path: str | os.PathLike[str] = "accurate", *, base_dir: str | os.PathLike[str] | None = None) -> StanceClassifier:
    """Load a classifier: ``"accurate"`` (mpnet, the default), ``"fast"`` (MiniLM) or a folder.

    When the accurate encoder is not installed, ``load()`` warns and falls back to ``"fast"``."""
    folder, fallback = _folder_for(name_or_path, base_dir)
    if fallback is not None:
        warnings.warn(fallback, stacklevel=2)
        return StanceClassifier.from_pretrained(folder)
    return StanceClassifier.from_pretrained(folder, base_dir=base_dir)


def peek_config(name_or_path: str | os.PathLike[str] = "accurate", *, base_dir: str | os.PathLike[str] | None = None) -> ClassifierConfig:
    """The config of the model ``load`` would give, read without loading any weights."""
    folder, _ = _folder_for(name_or_path, base_dir)
    if not folder.is_dir():
        raise ModelFolderError(f"{folder}: no such model folder; give a folder written by save_pretrained, or 'accurate' / 'fast'")
    return ClassifierConfig.from_json(folder / "config.json")
