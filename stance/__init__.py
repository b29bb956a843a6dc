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
    from .evaluation.classification import EvaluationResult, evaluate
    from .evaluation.extraction import ExtractionResult, evaluate_extraction
    from .extraction import Extractor, extract
    from .scoring import score_corpus, score_dataset

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "EvaluationResult",
    "ExtractionResult",
    "Extractor",
    "Prediction",
    "StanceClassifier",
    "Statement",
    "Target",
    "__version__",
    "analyze",
    "evaluate",
    "evaluate_extraction",
    "extract",
    "load",
    "score_corpus",
    "score_dataset",
]

_LAZY = {
    "analyze": ("stance._analyze", "analyze"),
    "load": ("stance.classify", "load"),
    "StanceClassifier": ("stance.classify", "StanceClassifier"),
    "extract": ("stance.extraction", "extract"),
    "Extractor": ("stance.extraction", "Extractor"),
    "evaluate": ("stance.evaluation.classification", "evaluate"),
    "EvaluationResult": ("stance.evaluation.classification", "EvaluationResult"),
    "evaluate_extraction": ("stance.evaluation.extraction", "evaluate_extraction"),
    "ExtractionResult": ("stance.evaluation.extraction", "ExtractionResult"),
    "score_corpus": ("stance.scoring", "score_corpus"),
    "score_dataset": ("stance.scoring", "score_dataset"),
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
