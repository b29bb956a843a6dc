"""The shape of the house (ARCHITECTURE.md): rooms that import only what they may, no import
cycles, modules and functions small enough to read."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "stance"
MAX_MODULE_LINES = 420
MAX_FUNCTION_LINES = 60


def _modules() -> dict[str, Path]:
    out = {}
    for p in PKG.rglob("*.py"):
        parts = p.relative_to(PKG.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = p
    return out


def _resolve(module: str, node: ast.ImportFrom, is_pkg: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    base = base if is_pkg else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _top_level_imports(module: str, path: Path) -> set[str]:
    """What a module imports when it is imported (not inside functions or TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for n in ast.walk(node) if isinstance(node, (ast.Try, ast.If)) else [node]:
            if isinstance(n, ast.Import):
                out |= {a.name for a in n.names}
            elif isinstance(n, ast.ImportFrom):
                target = _resolve(module, n, path.name == "__init__.py")
                out.add(target)
                out |= {f"{target}.{a.name}" for a in n.names}
    return out


def _all_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Import):
            out |= {a.name.split(".")[0] for a in n.names}
        elif isinstance(n, ast.ImportFrom) and n.level == 0 and n.module:
            out.add(n.module.split(".")[0])
    return out


def test_the_import_graph_has_no_cycles():
    mods = _modules()
    graph = {m: {t for t in _top_level_imports(m, p) if t in mods and t != m} for m, p in mods.items()}
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*path, m, t]))
            if t not in state:
                visit(t, [*path, m])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [])


def test_rooms_import_only_what_they_may():
    for p in (PKG / "extraction").glob("*.py"):
        assert not _all_imports(p) & {"torch", "transformers", "peft"}, f"{p.name}: extraction never imports torch"
    for p in (PKG / "classify").glob("*.py"):
        assert "spacy" not in _all_imports(p), f"{p.name}: classification never imports spaCy"
    for p in PKG.rglob("*.py"):
        if p.name not in ("cli.py", "__main__.py"):  # `python -m stance` is the CLI
            text = p.read_text(encoding="utf-8")
            assert "from .cli" not in text and "from ..cli" not in text and "stance.cli" not in text, f"{p}: nothing imports the CLI"


def test_modules_and_functions_are_small():
    for p in PKG.rglob("*.py"):
        n = len(p.read_text(encoding="utf-8").splitlines())
        assert n <= MAX_MODULE_LINES, f"{p.relative_to(PKG)} has {n} lines (at most {MAX_MODULE_LINES}); split it by what it holds"
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                reason = "Deliberately" in (ast.get_docstring(node) or "")
                assert length <= MAX_FUNCTION_LINES or reason, (
                    f"{p.relative_to(PKG)}:{node.lineno} {node.name} has {length} lines; split it or say in its docstring why not"
                )


def test_the_map_names_every_room():
    text = (PKG.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for room in ("extraction/", "classify/", "scoring/", "evaluation/", "data/", "labels.py", "errors.py", "_analyze.py", "cli.py"):
        assert room in text, f"ARCHITECTURE.md does not mention {room}"
    for p in PKG.iterdir():
        if p.is_dir() and (p / "__init__.py").exists():
            assert f"{p.name}/" in text, f"ARCHITECTURE.md does not mention the room {p.name}/"
