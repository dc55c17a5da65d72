"""PDF writer: the HTML page printed by WeasyPrint as a tagged, accessible PDF (PDF/UA-1).

The renderer fetches nothing: the fetcher allows no protocol at all, so neither a hostile
`<img src="file:///etc/passwd">` in data (which is escaped anyway) nor a stylesheet can reach the
network or the file system. Fonts come from fontconfig.
"""

from __future__ import annotations

from functools import cache, lru_cache

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from toolkit.document.model import Document
from toolkit.writers.html import render_html, stylesheet


def harfbuzz_subsetting_available() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (fast) rather than fontTools (2x slower).

    WeasyPrint only logs a warning when it falls back, so the benchmark asks explicitly.
    """
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def warm_up() -> None:
    """Build the font configuration now (before a batch forks its workers)."""
    _font_config()


@cache
def _font_config() -> FontConfiguration:
    """One font configuration per process: WeasyPrint's font lookup is costly to rebuild."""
    return FontConfiguration()


@lru_cache(maxsize=16)
def _parsed_stylesheet(text: str) -> CSS:
    """Parse each distinct stylesheet once per process; most batches need only one."""
    return CSS(string=text, font_config=_font_config(), url_fetcher=_no_fetching())


def _no_fetching() -> URLFetcher:
    return URLFetcher(allowed_protocols=(), allow_redirects=False, timeout=1)


def _identifier(document: Document) -> bytes:
    """A stable /ID that differs per document: jurisdiction, policy, version and title."""
    p = document.provenance
    return f"{p.jurisdiction_id}/{p.policy_id}@{p.policy_version}/{document.title}".encode()


def write_pdf(document: Document) -> bytes:
    """Write `document` as PDF bytes; same document, same bytes."""
    html = render_html(document, embed_stylesheet=False)
    page = HTML(string=html, url_fetcher=_no_fetching(), base_url=None)
    pdf = page.write_pdf(
        stylesheets=[_parsed_stylesheet(stylesheet(document))],
        pdf_variant="pdf/ua-1",
        font_config=_font_config(),
        uncompressed_pdf=False,
        custom_metadata=True,
        pdf_identifier=_identifier(document),
    )
    assert isinstance(pdf, bytes)
    return pdf
