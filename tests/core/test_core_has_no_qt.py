"""`studyapp.core` must stay usable without Qt (CLI, benchmarks, tests)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import studyapp.core

CORE_DIR = Path(studyapp.core.__file__).parent


def core_modules() -> list[str]:
    return [
        m.name
        for m in pkgutil.walk_packages([str(CORE_DIR)], prefix="studyapp.core.")
        if ".migrations" not in m.name
    ]


def test_no_core_source_file_mentions_qt() -> None:
    offenders = []
    for path in CORE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[0] in ("PySide6", "PyQt6", "shiboken6")
            ]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = core_modules()
    assert "studyapp.core.storage.db" in modules and "studyapp.core.content.sync" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
