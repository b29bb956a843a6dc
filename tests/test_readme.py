"""The README is true: its Python examples run and give the values it shows, and its figure
tables are exactly what the measuring commands' files give."""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXPECT = re.compile(r"^(?P<expr>.+?)\s+# -> (?P<value>.+)$")


def _figures_module():
    spec = importlib.util.spec_from_file_location("readme_figures", ROOT / "benchmarks" / "figures.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def test_figure_tables_are_generated_from_the_result_files():
    figures = _figures_module()
    assert figures.render_readme(README) == README, "README figures are stale: run `python benchmarks/figures.py --write`"
    for name in figures.BLOCKS:
        body = figures.block_pattern(name).search(README).group(2)
        assert "|" in body and "(generated)" not in body, f"figures block {name} is empty"


def _python_blocks(section: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", section, re.S)


def _statements(block: str) -> list[tuple[str, str | None]]:
    """Top-level statements of a block, each with the value its `# ->` comment expects."""
    tree = ast.parse(block)
    lines = block.splitlines()
    out = []
    for node in tree.body:
        src = "\n".join(lines[node.lineno - 1 : node.end_lineno])
        m = EXPECT.match(lines[node.end_lineno - 1])
        if m and node.lineno == node.end_lineno:
            out.append((m.group("expr"), m.group("value")))
        else:
            out.append((src, None))
    return out


def test_the_use_section_runs_and_shows_true_values(tmp_path, monkeypatch):
    use = README[README.index("## Use") : README.index("## Command line")]
    blocks = _python_blocks(use)
    assert len(blocks) >= 3
    shutil.copy(ROOT / "stance" / "examples" / "harbour_summit.txt", tmp_path / "article.txt")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    checked = 0
    for block in blocks:
        for src, expected in _statements(block):
            if expected is None:
                exec(compile(src, "README.md", "exec"), namespace)  # noqa: S102 - the README's own example code
                continue
            got = eval(compile(src, "README.md", "eval"), namespace)  # noqa: S307
            assert got == ast.literal_eval(expected), f"README: {src} gives {got!r}, the README says {expected}"
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("name", ["install", "test"])
def test_the_two_commands_are_marked(name):
    assert re.search(rf"<!-- {name} -->\s*```bash\n(.+?)\n```", README, re.S)


def test_install_section_says_which_torch_build():
    install = README[README.index("## Install and try it") : README.index("## Use")]
    assert "CUDA" in install and "download.pytorch.org/whl/cpu" in install and "minutes" in install
