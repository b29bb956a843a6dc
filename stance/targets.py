"""Targets of stance, with the names and descriptions that refer to them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import InputError

__all__ = ["NATO", "Target"]


@dataclass(frozen=True)
class Target:
    """A stance target. ``aliases`` name it outright ("OTAN"); ``anaphors`` refer to it only
    when the surrounding text has named it ("the alliance", "the bloc")."""

    name: str
    aliases: tuple[str, ...] = ()
    anaphors: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InputError("Target.name must be a non-empty string, e.g. Target('NATO')")

    def _names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def mentioned_in(self, statement: str, context: str | None = None) -> bool:
        """Does the statement refer to the target: by a name, or by an anaphor when the
        context (or the statement) names the target?"""
        low = statement.lower()
        if any(_has_word(low, n.lower()) for n in self._names()):
            return True
        named_nearby = context is not None and any(_has_word(context.lower(), n.lower()) for n in self._names())
        return named_nearby and any(_has_word(low, a.lower()) for a in self.anaphors)


def _has_word(haystack: str, needle: str) -> bool:
    pos = haystack.find(needle)
    while pos >= 0:
        before = haystack[pos - 1] if pos > 0 else " "
        after = haystack[pos + len(needle)] if pos + len(needle) < len(haystack) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        pos = haystack.find(needle, pos + 1)
    return False


NATO = Target(
    "NATO",
    aliases=(
        "North Atlantic Treaty Organization",
        "North Atlantic Treaty Organisation",
        "North Atlantic alliance",
        "Atlantic alliance",
        "OTAN",
        "НАТО",
        "NATO's",
    ),
    anaphors=("the alliance", "the bloc", "the organisation", "the organization", "the Western bloc", "Article 5", "the pact"),
)


def as_target(target: str | Target) -> Target:
    if isinstance(target, Target):
        return target
    if isinstance(target, str):
        return NATO if target.strip().upper() == "NATO" else Target(target.strip())
    raise TypeError(f"target must be a str or stance.Target, got {type(target).__name__}")
