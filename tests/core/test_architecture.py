"""core/ is the engine: it never imports Streamlit, and importing it is cheap."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "core"
CORE_FILES = sorted(CORE.rglob("*.py"))
CORE_MODULES = sorted(
    "core"
    if p.name == "__init__.py"
    else "core." + p.relative_to(CORE).with_suffix("").as_posix().replace("/", ".")
    for p in CORE_FILES
)
HEAVY = [
    "torch",
    "sentence_transformers",
    "transformers",
    "umap",
    "openTSNE",
    "numba",
    "gensim",
    "streamlit",
]


def _imported_modules(source: str) -> set[str]:
    """Every module named by an import statement anywhere in the source (functions included)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_has_the_expected_modules():
    assert {"core.models.registry", "core.cache", "core.project.projection", "core.io.uploads", "core.analogy.answer"} <= set(
        CORE_MODULES
    )


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: p.name)
def test_no_core_file_imports_streamlit(path):
    imported = _imported_modules(path.read_text(encoding="utf-8"))
    assert not {m for m in imported if m.split(".")[0] == "streamlit"}, (
        f"{path.name} imports streamlit"
    )


def test_the_import_check_sees_imports_inside_functions():
    source = "def f():\n    import streamlit as st\n    from streamlit.runtime import x\n"
    assert _imported_modules(source) == {"streamlit", "streamlit.runtime"}


def test_importing_all_of_core_loads_no_heavy_library():
    code = (
        "import importlib, json, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
