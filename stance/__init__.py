"""stance: who said what about NATO, and in what spirit.

The public surface is small and lazy: ``import stance`` loads neither spaCy nor torch;
they load on first use.
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._types import Prediction, Statement
from ._version import __version__
from .targets import Target

if TYPE_CHECKING:  # pragma: no cover
    from ._analyze import analyze
    from .classify import StanceClassifier, load
    from .evaluation.extraction import ExtractionResult, evaluate_extraction
    from .extraction import Extractor, extract

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "ExtractionResult",
    "Extractor",
    "Prediction",
    "StanceClassifier",
    "Statement",
    "Target",
    "__version__",
    "analyze",
    "evaluate_extraction",
    "extract",
    "load",
]

_LAZY = {
    "analyze": ("stance._analyze", "analyze"),
    "load": ("stance.classify", "load"),
    "StanceClassifier": ("stance.classify", "StanceClassifier"),
    "extract": ("stance.extraction", "extract"),
    "Extractor": ("stance.extraction", "Extractor"),
    "evaluate_extraction": ("stance.evaluation.extraction", "evaluate_extraction"),
    "ExtractionResult": ("stance.evaluation.extraction", "ExtractionResult"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(import_module(module), attr)
    if name == "data":
        return import_module("stance.data")
    raise AttributeError(f"module 'stance' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
