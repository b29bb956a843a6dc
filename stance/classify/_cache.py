"""The one cache of loaded classifiers, explicit and keyed by what was asked for."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ._model import StanceClassifier

__all__ = ["MODELS", "ModelCache"]


class ModelCache:
    """Loaded classifiers keyed by ``(name or resolved folder, base_dir)``, at most
    ``maxsize`` of them (least recently used first out). Thread-safe. ``stance.analyze`` uses
    the process-wide :data:`MODELS` when given a model by name; pass your own cache (or a
    loaded model) to control memory, or call :meth:`clear`."""

    def __init__(self, maxsize: int = 2) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be >= 1")
        self.maxsize = maxsize
        self._items: OrderedDict[tuple[str, str | None], StanceClassifier] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _key(name: str, base_dir: str | os.PathLike[str] | None) -> tuple[str, str | None]:
        p = Path(name)
        key = str(p.resolve()) if p.is_dir() else name
        return key, (str(Path(base_dir).resolve()) if base_dir is not None else None)

    def get(self, name: str = "accurate", *, base_dir: str | os.PathLike[str] | None = None) -> StanceClassifier:
        """The classifier ``stance.load(name, base_dir=...)`` gives, loaded once."""
        from . import load

        key = self._key(name, base_dir)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            clf = load(name, base_dir=base_dir)
            self._items[key] = clf
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
            return clf

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


MODELS = ModelCache()
