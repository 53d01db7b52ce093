"""The layout holds: pages → components → core, one direction; inside core, each package depends
only on the packages :data:`CORE_LAYERS` allows; no import circle anywhere (imports inside
functions included); core never imports Streamlit and importing it is cheap; no module over 300
lines, no function body over 50."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted([*ROOT.glob("core/**/*.py"), *ROOT.glob("components/**/*.py"),
                *ROOT.glob("pages/*.py"), ROOT / "app.py"])  # fmt: skip
HEAVY = ["torch", "sentence_transformers", "transformers", "umap", "openTSNE", "numba", "gensim",
         "streamlit"]  # fmt: skip
# Where each part of core may import from: the one place these directions are written down.
# "base" is core's shared files (errors, vectors, progress, keys, cache).
CORE_LAYERS = {
    "base": set(),
    "models": {"base"},
    "io": {"base", "models"},
    "neighbours": {"base"},
    "geometry": {"base", "models", "neighbours"},
    "project": {"base", "geometry", "neighbours"},
    "analogy": {"base", "models"},
    "directions": {"base", "models"},
    "batch": {"base", "io", "models", "project", "clusters"},
    "precompile": {"base", "models", "project"},
    "clusters": {"base", "models", "neighbours", "geometry", "project"},
}


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in FILES}


def _imported_modules(source: str) -> set[str]:
    """Every module named by an import statement anywhere in the source (functions included)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _edges(module: str) -> set[str]:
    """The project's modules that importing ``module`` runs: each one it imports, and the
    packages above them (their ``__init__``), except its own packages (already running)."""
    own = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)}
    found = set()
    for name in _imported_modules(MODULES[module].read_text(encoding="utf-8")):
        parts = name.split(".")
        found |= {".".join(parts[:i]) for i in range(1, len(parts) + 1)} & MODULES.keys()
    return found - own - {module}


GRAPH = {m: _edges(m) for m in MODULES}


def _layer(module: str) -> str:
    parts = module.split(".")
    if parts[0] != "core":
        return parts[0]
    if len(parts) == 1:
        return "base"
    return parts[1] if parts[1] in CORE_LAYERS else "base"


def test_the_graph_sees_the_packages():
    assert {
        "core.models",
        "core.io",
        "core.project",
        "components.map",
        "pages.map",
    } <= MODULES.keys()
    assert "core.io.shards" in GRAPH["core.io.parquet"]
    assert "core.models" in GRAPH["core.io.datasets"]  # the package's __init__ runs too


def test_the_import_check_sees_imports_inside_functions():
    source = "def f():\n    import streamlit as st\n    from streamlit.runtime import x\n"
    assert _imported_modules(source) == {"streamlit", "streamlit.runtime", "streamlit.runtime.x"}


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of the graph, as a path back to its start, or None."""
    seen: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> list[str] | None:
        seen[module] = 1
        for other in sorted(graph[module]):
            if seen.get(other) == 1:
                return path[path.index(other) :] + [other]
            found = None if other in seen else visit(other, [*path, other])
            if found:
                return found
        seen[module] = 2
        return None

    for module in sorted(graph):
        found = None if module in seen else visit(module, [module])
        if found:
            return found
    return None


def test_the_circle_check_finds_a_circle():
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _circle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_no_import_circle():
    circle = _circle(GRAPH)
    assert circle is None, "import circle: " + " → ".join(circle or [])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_one_way(module):
    allowed = {"app": {"components", "core"}, "pages": {"components", "core"},
               "components": {"components", "core"}, "core": {"core"}}[module.split(".")[0]]  # fmt: skip
    wrong = {m for m in GRAPH[module] if m.split(".")[0] not in allowed}
    assert not wrong, f"{module} imports {sorted(wrong)}"
    if module.startswith("core"):
        layers = CORE_LAYERS.get(_layer(module), set()) | {_layer(module)}
        wrong = {m for m in GRAPH[module] if m != "core" and _layer(m) not in layers}
        assert not wrong, f"{module} ({_layer(module)}) imports {sorted(wrong)}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("core")))
def test_no_core_file_imports_streamlit(module):
    imported = _imported_modules(MODULES[module].read_text(encoding="utf-8"))
    assert not {m for m in imported if m.split(".")[0] == "streamlit"}, f"{module} imports it"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_and_functions_stay_small(module):
    source = MODULES[module].read_text(encoding="utf-8")
    assert source.count("\n") <= 300, f"{module}: {source.count(chr(10))} lines"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body[1:] if ast.get_docstring(node) and len(node.body) > 1 else node.body
            size = node.end_lineno - body[0].lineno + 1
            assert size <= 50, f"{module}.{node.name}: a body of {size} lines"


def test_importing_all_of_core_loads_no_heavy_library():
    core = sorted(m for m in MODULES if m.split(".")[0] == "core" and not m.endswith("__main__"))
    code = (
        "import importlib, json, sys\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
