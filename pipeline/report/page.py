"""The report's HTML: Jinja2 templates (``report/templates/``) with autoescape; nothing is fetched.

    >>> render("index.html", number=0, first=1, last=2, n_articles=2, ...)[:15]
    '<!DOCTYPE html>'

Every value from the tables is escaped by the templates; only HTML built here or by
displaCy is passed through as :class:`Markup`.
"""
from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

__all__ = ["Markup", "escape", "render", "link"]


def cell(value) -> str:
    """A table cell: numbers with thousands separators, missing values empty, the rest as text."""
    if isinstance(value, Markup):
        return value
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("pipeline.report", "templates"), autoescape=select_autoescape(["html"]),
                      keep_trailing_newline=True)
    env.filters["cell"] = cell
    return env


def render(template: str, **values) -> str:
    """A page or fragment of the report from its template."""
    return environment().get_template(template).render(**values)


def link(href: str, text: str) -> Markup:
    """``<a href=...>text</a>`` with both escaped."""
    return Markup('<a href="{}">{}</a>').format(href, text)
