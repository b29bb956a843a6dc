"""ScoringOptions: every setting of a corpus run in one object, built once (by the CLI or the
caller) and read by the engines, the runner and the resume check."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from ..errors import UsageError

__all__ = ["DEFAULT_CHUNK", "DEFAULT_MAX_CHARS", "ScoringOptions"]

DEFAULT_MAX_CHARS = 1_000_000  # ~150,000 words: far beyond any news article
DEFAULT_CHUNK = 256


@dataclass(frozen=True)
class ScoringOptions:
    """How to read the records and score them.

    ``date_col`` and ``meta_cols`` are carried onto every output row; ``chunk_size`` documents
    are committed at a time; ``workers`` parse in that many processes (local engine) or run
    that many actors (Ray); documents longer than ``max_chars`` become error rows."""

    target: str = "NATO"
    text_col: str = "text"
    id_col: str = "id"
    date_col: str | None = None
    meta_cols: tuple[str, ...] = ()
    batch_size: int = 32
    chunk_size: int = DEFAULT_CHUNK
    workers: int = 1
    max_chars: int = DEFAULT_MAX_CHARS
    pipeline: str | None = None
    engine: str = "local"
    address: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "meta_cols", tuple(self.meta_cols))
        for name in ("batch_size", "chunk_size", "workers", "max_chars"):
            if getattr(self, name) < 1:
                raise UsageError(f"{name} must be >= 1, got {getattr(self, name)}")
        if self.engine not in ("local", "ray"):
            raise UsageError(f"unknown engine {self.engine!r}; use 'local' or 'ray'")

    @property
    def carried(self) -> list[str]:
        """The columns copied onto every row: the date column, then the meta columns."""
        return list(dict.fromkeys([*([self.date_col] if self.date_col else []), *self.meta_cols]))

    def resume_key(self) -> dict[str, Any]:
        """The settings a resumed run must share with the unfinished one."""
        return {
            "target": self.target,
            "text_col": self.text_col,
            "id_col": self.id_col,
            "meta_cols": self.carried,
            "chunk_size": self.chunk_size,
            "max_chars": self.max_chars,
        }

    def with_(self, **changes: Any) -> ScoringOptions:
        """A copy with some settings changed (unknown names are an error)."""
        known = {f.name for f in fields(self)}
        bad = sorted(set(changes) - known)
        if bad:
            raise UsageError(f"unknown scoring option(s) {bad}; known: {sorted(known)}")
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["meta_cols"] = list(self.meta_cols)
        return d
