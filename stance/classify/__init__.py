"""Classification: statements → Prediction. torch and transformers live here and nowhere else."""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

from ._bases import BASES, BaseWeightsError, resolve_base
from ._model import ClassifierConfig, ModelFolderError, StanceClassifier

__all__ = ["BASES", "BaseWeightsError", "ClassifierConfig", "ModelFolderError", "StanceClassifier", "load", "model_dir"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

NAMED = {"accurate": "mpnet", "fast": "minilm"}
_fallback_warned = False


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


def load(name_or_path: str | os.PathLike[str] = "accurate", *, base_dir: str | os.PathLike[str] | None = None) -> StanceClassifier:
    """Load a classifier: ``"accurate"`` (mpnet, the default), ``"fast"`` (MiniLM) or a folder.

    When the accurate encoder is not installed, ``load()`` says so once and falls back to
    ``"fast"``."""
    global _fallback_warned
    key = str(name_or_path)
    if key in NAMED:
        folder = model_dir(key)
        if not (folder / "config.json").exists():
            raise ModelFolderError(f"the shipped {key!r} model is missing from {folder}; reinstall nato-stance")
        if key == "accurate" and base_dir is None:
            try:
                resolve_base("mpnet")
            except BaseWeightsError as exc:
                if not _fallback_warned:
                    warnings.warn(
                        f"the accurate model needs the mpnet encoder, which is not installed ({exc}); using the fast model instead",
                        stacklevel=2,
                    )
                    _fallback_warned = True
                return StanceClassifier.from_pretrained(model_dir("fast"))
        return StanceClassifier.from_pretrained(folder, base_dir=base_dir)
    return StanceClassifier.from_pretrained(Path(key), base_dir=base_dir)
