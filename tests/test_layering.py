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


# Which rooms of bot/ each room may import (besides itself and the top-level modules
# bot.settings, bot.types, bot.clock, bot.fair). Channels come first and the store last:
# conversation -> leads -> outbound -> store, and extraction stands alone.
TOP_LEVEL = {"settings", "types", "clock", "fair"}
MAY_IMPORT = {
    "extract": set(),
    "knowledge": set(),
    "store": set(),
    "outbound": {"leads", "store"},
    "email": {"conversation", "extract", "leads", "outbound", "privacy", "store"},
    "leads": {"outbound", "store"},
    "llm": {"conversation", "extract"},
    "conversation": {"extract", "knowledge", "leads", "llm", "outbound", "privacy", "store"},
    "cli": {"conversation", "email", "extract", "knowledge", "leads", "llm", "outbound", "privacy", "sites",
            "store", "users"},
    "live": {"store"},
    "sites": {"store"},
    "privacy": {"store"},  # export and erasure reach every table through the schema
    "users": {"store"},
}


def bot_rooms_imported(path: Path) -> set[str]:
    """The rooms of bot/ a module imports (`from bot import x` counts as room x)."""
    rooms: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = ([f"{node.module}.{alias.name}" for alias in node.names]
                     if node.module == "bot" else [node.module])
        rooms |= {n.split(".")[1] for n in names if n.startswith("bot.")}
    return rooms - TOP_LEVEL


@pytest.mark.parametrize("room", sorted(MAY_IMPORT))
def test_each_room_imports_only_the_rooms_below_it(room: str) -> None:
    offenders = {str(p.relative_to(ROOT)): sorted(bot_rooms_imported(p) - MAY_IMPORT[room] - {room})
                 for p in (ROOT / "bot" / room).rglob("*.py")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_bot_has_at_most_four_plain_modules() -> None:
    plain = sorted(p.name for p in (ROOT / "bot").glob("*.py") if p.name != "__init__.py")
    assert len(plain) <= 4, plain
    assert not [name for name in plain if name.startswith("llm_")]


def test_the_server_is_started_by_a_string_import_the_one_documented_exception() -> None:
    mentions = [str(p.relative_to(ROOT)) for p in (ROOT / "bot").rglob("*.py")
                if '"web.app:' in p.read_text(encoding="utf-8")]
    assert mentions == ["bot/cli/main.py"]


def test_every_room_says_what_it_may_import() -> None:
    rooms = {p.parent.name for p in (ROOT / "bot").glob("*/__init__.py")}
    assert rooms == set(MAY_IMPORT), "add the new room of bot/ to MAY_IMPORT above"
