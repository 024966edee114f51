"""A small HTML page writer shared by the report commands (no template engine needed).

A page is a title plus a list of blocks; each block is an HTML fragment made by the helpers
below, which escape every piece of text they are given.
"""
from __future__ import annotations

import html
import numbers
import pathlib
from typing import Iterable, Mapping, Sequence

import pandas as pd

CSS = """
body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; color: #222;
       line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.8em;
     border-bottom: 1px solid #ccc; }
figure { margin: 1em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.9em; color: #444; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.8em 0; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: right; }
th { background: #f3f3f3; } td.text, th.text { text-align: left; }
.note { color: #555; font-size: 0.9em; }
"""


def heading(text: str, level: int = 2) -> str:
    return f"<h{level}>{html.escape(text)}</h{level}>"


def paragraph(text: str, css_class: str | None = None) -> str:
    cls = f' class="{css_class}"' if css_class else ""
    return f"<p{cls}>{html.escape(text)}</p>"


def figure(files: Mapping[str, pathlib.Path], caption: str, alt: str) -> str:
    """An <img> of the PNG (relative name) with a caption and a link to the SVG."""
    png, svg = files["png"].name, files["svg"].name
    return (f'<figure><img src="{html.escape(png)}" alt="{html.escape(alt)}">'
            f"<figcaption>{html.escape(caption)} "
            f'(<a href="{html.escape(svg)}">SVG</a>)</figcaption></figure>')


def table(df: pd.DataFrame, float_format: str = "{:.4g}", index: bool = True) -> str:
    """A DataFrame as an HTML table (numbers right-aligned, NaN shown as n/a)."""
    frame = df.reset_index() if index else df
    head = "".join(f'<th class="{_cls(frame[c])}">{html.escape(str(c))}</th>'
                   for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(_cell(v, float_format) for v in row) + "</tr>"
        for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cls(column: pd.Series) -> str:
    return "num" if pd.api.types.is_numeric_dtype(column) else "text"


def _cell(value: object, float_format: str) -> str:
    if isinstance(value, float):
        text = "n/a" if value != value else float_format.format(value)
        return f"<td>{html.escape(text)}</td>"
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return f"<td>{value}</td>"
    return f'<td class="text">{html.escape(str(value))}</td>'


def definition_list(items: Iterable[tuple[str, str]]) -> str:
    """Key-value provenance lines as a two-column table."""
    rows = "".join(f'<tr><th class="text">{html.escape(k)}</th><td class="text">'
                   f"{html.escape(v)}</td></tr>" for k, v in items)
    return f"<table><tbody>{rows}</tbody></table>"


def page(title: str, blocks: Sequence[str]) -> str:
    """A complete, self-contained HTML5 document."""
    body = "\n".join(blocks)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head>\n"
            f"<body>\n{heading(title, 1)}\n{body}\n</body></html>\n")


def write_page(path: pathlib.Path, title: str, blocks: Sequence[str]) -> pathlib.Path:
    """Write the page to `path` (UTF-8) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page(title, blocks), encoding="utf-8")
    return path
