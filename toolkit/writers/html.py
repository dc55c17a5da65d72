"""HTML writer: the preview format, and the input WeasyPrint turns into the PDF.

Every piece of text is escaped here, once; the document model holds plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from html import escape
from importlib.resources import files
from string import Template

from toolkit.document.model import Block, Document, Run

_TAG_BY_ROLE = {
    "number": ("p", "number"),
    "title": ("h1", "title"),
    "warning": ("div", "warning"),
    "recital": ("p", "recital"),
    "enact": ("p", "enact"),
    "resolved": ("p", "resolved"),
    "heading": ("h2", "heading"),
    "para": ("p", "para"),
    "vote": ("p", "vote"),
    "part": ("h2", "part"),
}


def write_html(document: Document) -> bytes:
    """Write `document` as a standalone HTML page (UTF-8 bytes)."""
    return render_html(document).encode("utf-8")


def render_html(document: Document, *, embed_stylesheet: bool = True) -> str:
    """The page as text; the PDF writer passes it to WeasyPrint with a pre-parsed stylesheet."""
    style = f"\n<style>\n{stylesheet(document)}</style>" if embed_stylesheet else ""
    head = (
        f'<meta charset="utf-8">\n<title>{escape(document.title)}</title>\n'
        f'<meta name="description" content="{escape(document.subject)}">\n'
        f'<meta name="keywords" content="{escape(", ".join(document.keywords))}">\n'
        f'<meta name="author" content="policykit">\n'
        f'<meta name="generator" content="policykit {escape(document.provenance.tool_version)}">'
        f"{style}"
    )
    running = (
        f'<div class="running running-number">{escape(document.number)}</div>\n'
        f'<div class="running running-provenance">{escape(document.provenance.footer)}</div>'
    )
    body = "\n".join(_blocks(document.blocks))
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(document.language)}">\n<head>\n{head}\n</head>\n'
        f"<body>\n{running}\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


@cache
def _css_template() -> Template:
    return Template(files("toolkit.writers").joinpath("document.css").read_text("utf-8"))


def stylesheet(document: Document) -> str:
    """The print stylesheet for this document's margins and page-number words."""
    before, between = document.page_label
    page_label = (
        f"{_css_string(before + ' ')} counter(page) {_css_string(' ' + between + ' ')} "
        "counter(pages)"
    )
    return _css_template().substitute(margin=f"{document.margin_in:g}in", page_label=page_label)


def _css_string(text: str) -> str:
    """Quote text for CSS `content:` with every non-alphanumeric character escaped."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def _blocks(blocks: tuple[Block, ...]) -> Iterator[str]:
    in_list = False
    for block in blocks:
        if block.role == "item" and not in_list:
            yield "<ol>"
            in_list = True
        elif block.role != "item" and in_list:
            yield "</ol>"
            in_list = False
        yield _block(block)
    if in_list:
        yield "</ol>"


def _block(block: Block) -> str:
    if block.role == "signature":
        name, title = block.signer
        label = f"<p>{escape(block.label)}</p>" if block.label else ""
        return (
            f'<div class="signature">{label}<div class="line"></div>'
            f"<p>{escape(name)}</p><p>{escape(title)}</p></div>"
        )
    text = _runs(block.runs)
    if block.lead:
        text = f"<strong>{escape(block.lead)}</strong> {text}"
    if block.role == "item":
        return f"<li>{text}</li>"
    if block.role == "vote":
        text = f'{text} <span class="line"></span>'
    tag, css_class = _TAG_BY_ROLE[block.role]
    role = ' role="note"' if block.role == "warning" else ""
    return f'<{tag} class="{css_class}"{role}>{text}</{tag}>'


def _runs(runs: tuple[Run, ...]) -> str:
    return "".join(
        f'<span class="blank">{escape(run.text)}</span>' if run.blank else escape(run.text)
        for run in runs
    )
