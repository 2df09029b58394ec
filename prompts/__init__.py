"""Prompt and reply templates (Jinja2, StrictUndefined). Imports nothing of the project."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

TEMPLATE_DIR = Path(__file__).parent / "templates"


class PromptError(LookupError):
    """A template is missing."""


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja environment for text prompts: no autoescape, fails on missing variables."""
    return Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # shipped files: no stat() of the template on every render
    )


def render(template_name: str, /, **variables: Any) -> str:
    """Render a template (path under templates/); raises on any undefined variable."""
    try:
        template = environment().get_template(template_name)
    except TemplateNotFound as exc:
        raise PromptError(f"prompt template not found: {template_name}") from exc
    return template.render(**variables).strip()


def exists(name: str) -> bool:
    """Whether a template of that name ships."""
    return (TEMPLATE_DIR / name).is_file()
