"""The one-way data flow, enforced over the imports of every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "prompts", "scoring", "web")


def imported_roots(path: Path) -> set[str]:
    """Top-level names imported by a module (absolute imports; relative ones stay inside)."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def modules_of(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", ["scoring", "prompts"])
def test_pure_packages_import_nothing_of_the_project(package: str) -> None:
    offenders = {str(p.relative_to(ROOT)): sorted(imported_roots(p) & set(PACKAGES) - {package})
                 for p in modules_of(package)}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_nothing_imports_web() -> None:
    importers = [str(p.relative_to(ROOT)) for pkg in ("bot", "prompts", "scoring")
                 for p in modules_of(pkg) if "web" in imported_roots(p)]
    assert importers == []


def test_only_llm_module_imports_model_clients() -> None:
    clients = {"openai", "langchain", "langchain_core", "langchain_openai"}
    importers = [str(p.relative_to(ROOT)) for pkg in PACKAGES for p in modules_of(pkg)
                 if imported_roots(p) & clients]
    assert set(importers) <= {"bot/llm/client.py"}


def test_the_check_sees_imports() -> None:
    assert {"scoring", "sqlmodel"} <= imported_roots(ROOT / "bot" / "leads" / "scorekeeper.py")
