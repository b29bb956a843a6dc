"""Where a result came from: time, git commit, package versions, machine, model checksums."""

from __future__ import annotations

import datetime as _dt
import hashlib
import platform
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .registry import system_name

__all__ = ["git_commit", "model_checksum", "stamp", "versions"]


def git_commit() -> str | None:
    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        return None
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=False)
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    commit = out.stdout.strip() or None
    return f"{commit}-dirty" if commit and dirty.stdout.strip() else commit


def versions() -> dict[str, str | None]:
    from importlib import metadata

    out: dict[str, str | None] = {"python": platform.python_version()}
    for pkg in ("nato-stance", "torch", "transformers", "datasets", "scikit-learn", "spacy", "numpy", "peft", "vaderSentiment"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = None
    return out


def model_checksum(system: Any) -> str | None:
    """sha256 over the model folder's config and weights (None for baselines)."""
    folder = getattr(system, "source", None)
    if folder is None or not Path(folder).is_dir():
        return None
    h = hashlib.sha256()
    for p in sorted(Path(folder).iterdir()):
        if p.suffix in (".json", ".safetensors") and p.name != "metrics.json":
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def stamp(systems: Sequence[Any] = ()) -> dict[str, Any]:
    """When, from which commit, with which versions and model files a result was made."""
    return {
        "time": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "versions": versions(),
        "machine": {"platform": platform.platform(), "processor": platform.processor() or platform.machine()},
        "models": {
            system_name(s): {"checksum": model_checksum(s), "base_sha256": getattr(getattr(s, "config", None), "base_sha256", None)}
            for s in systems
        },
    }
