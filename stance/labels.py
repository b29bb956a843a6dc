"""Label schemes: which heads a model has, each head's labels in their fixed order, and which
head is primary. The one place where label lists are written.

A model owns its scheme (saved in its config); everyone else — prediction, scoring,
evaluation, training, the CLI — reads it from there. Probabilities are always given in the
scheme's order (scikit-learn's ``classes_`` rule), and the primary head is the one
``Prediction.label`` / ``Prediction.confidence`` and corpus shares speak of.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import UsageError

__all__ = ["NATO_SCHEME", "SENTIMENTS", "STANCES", "LabelScheme"]

STANCES: tuple[str, ...] = ("hostile", "conditional", "neutral")
SENTIMENTS: tuple[str, ...] = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class LabelScheme:
    """Heads in order, each with its labels in order, and the primary head.

    >>> s = LabelScheme.from_heads({"sentiment": SENTIMENTS, "stance": STANCES})
    >>> s.primary, s.labels("stance")
    ('stance', ('hostile', 'conditional', 'neutral'))
    """

    heads: tuple[tuple[str, tuple[str, ...]], ...]
    primary: str

    def __post_init__(self) -> None:
        names = [h for h, _ in self.heads]
        if not names:
            raise UsageError("a label scheme needs at least one head, e.g. stance=hostile,conditional,neutral")
        if len(set(names)) != len(names):
            raise UsageError(f"head names must be unique, got {names}")
        for h, labels in self.heads:
            if not h or not isinstance(h, str):
                raise UsageError(f"head names must be non-empty strings, got {h!r}")
            if len(labels) < 2 or len(set(labels)) != len(labels) or not all(isinstance(x, str) and x for x in labels):
                raise UsageError(f"head {h!r} needs at least two distinct, non-empty labels, got {list(labels)}")
        if self.primary not in names:
            raise UsageError(f"primary head {self.primary!r} is not one of the heads {names}")

    @classmethod
    def from_heads(cls, heads: Mapping[str, Sequence[str]], primary: str | None = None) -> LabelScheme:
        """A scheme from ``{head: labels}`` (order kept). The primary head is ``primary``, else
        ``"stance"`` when there is one, else the first head."""
        items = tuple((str(h), tuple(labels)) for h, labels in heads.items())
        names = [h for h, _ in items]
        if primary is None:
            primary = "stance" if "stance" in names else (names[0] if names else "")
        return cls(items, primary)

    @property
    def names(self) -> tuple[str, ...]:
        """Head names in order."""
        return tuple(h for h, _ in self.heads)

    @property
    def secondary(self) -> tuple[str, ...]:
        """The heads other than the primary one, in order."""
        return tuple(h for h in self.names if h != self.primary)

    def labels(self, head: str) -> tuple[str, ...]:
        """The labels of ``head`` in their fixed order."""
        for h, labels in self.heads:
            if h == head:
                return labels
        raise UsageError(f"no head {head!r}; the heads are {list(self.names)}")

    def as_dict(self) -> dict[str, list[str]]:
        return {h: list(labels) for h, labels in self.heads}

    def __contains__(self, head: object) -> bool:
        return head in self.names


NATO_SCHEME = LabelScheme.from_heads({"stance": STANCES, "sentiment": SENTIMENTS})


def parse_heads(specs: Sequence[str]) -> dict[str, list[str]]:
    """``["stance=favor,against,none", ...]`` → ``{"stance": ["favor", "against", "none"]}``."""
    heads: dict[str, list[str]] = {}
    for item in specs:
        name, _, labels = item.partition("=")
        if not name.strip() or not labels.strip():
            raise UsageError(f"--labels takes HEAD=label1,label2,... (got {item!r})")
        heads[name.strip()] = [x.strip() for x in labels.split(",") if x.strip()]
    return heads
