"""HTML pieces of the report. Every value from the tables is escaped here; nothing is fetched.

    >>> document("tintrich report", "<p>5 articles</p>")[:15]
    '<!DOCTYPE html>'
"""
from __future__ import annotations

from html import escape

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0 auto; max-width: 70em; padding: 1em 2em;
       color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #ddd; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.summary td.n { font-weight: bold; }
.tops { display: flex; flex-wrap: wrap; gap: 0 2em; } .tops > div { flex: 1 1 30em; }
figure { margin: 1em 0 2em; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption, .note { font-size: 0.85em; color: #555; }
section.article { border-top: 3px solid #444; margin-top: 2.5em; padding-top: 0.5em; }
.meta { font-size: 0.85em; color: #555; } .meta code { color: #222; }
table.rows { font-size: 0.8em; width: 100%; } table.rows td { overflow-wrap: anywhere; }
.spans span[style*="z-index: 10"] { white-space: nowrap; } table.rows tr:target { background: #fff3b0; }
table.rows tr.problem td { color: #a00; }
.pager a, .pager span { margin-right: 0.6em; } .legend span { padding: 0 0.4em; margin-right: 0.3em; border-radius: 3px; }
"""


def document(title: str, body: str) -> str:
    """A whole self-contained page (styles inline, no scripts, no external files)."""
    return (f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def table(header: list[str] | None, rows: list[list], numeric: set[int] = frozenset(), css: str = "",
          row_attributes: list[str] | None = None) -> str:
    """An HTML table (no header row if ``header`` is None); cells are escaped unless they are :class:`Markup`."""
    head = "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr></thead>" if header else ""
    lines = []
    for number, row in enumerate(rows):
        cells = "".join(f'<td{" class=n" if i in numeric else ""}>{cell_html(v)}</td>' for i, v in enumerate(row))
        attributes = row_attributes[number] if row_attributes else ""
        lines.append(f"<tr{attributes}>{cells}</tr>")
    return f'<table class="{css}">{head}<tbody>{"".join(lines)}</tbody></table>'


class Markup(str):
    """HTML that :func:`cell_html` passes through unescaped."""


def cell_html(value) -> str:
    if isinstance(value, Markup):
        return value
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,}"
    if isinstance(value, int):
        return f"{value:,}"
    return escape(str(value))


def link(href: str, text: str) -> Markup:
    return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')


def figure(uri: str, alt: str, caption: str) -> str:
    return (f'<figure><img src="{uri}" alt="{escape(alt)}">'
            f"<figcaption>{caption}</figcaption></figure>")


def pager(hrefs: list[tuple[str, str]], current: int | None = None) -> str:
    """Links to numbered pages; ``current`` (0-based) is shown without a link."""
    items = [f"<span><b>{escape(text)}</b></span>" if number == current else str(link(href, text))
             for number, (href, text) in enumerate(hrefs)]
    return f'<p class="pager">{" ".join(items)}</p>'


def legend(colors: dict[str, str]) -> str:
    items = "".join(f'<span style="background: {escape(color)}">{escape(label)}</span>'
                    for label, color in colors.items())
    return f'<p class="legend note">Highlights: {items} — each label links to its row: PROVINCE #3 is row 3 (0-based) of provinces.csv.</p>'
