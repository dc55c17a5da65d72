"""The web app end to end in a real browser: Debian's chromium, driven by Playwright for Python.

One server and one browser for the module; each test gets a fresh context (JavaScript on or off).
Nothing here downloads a browser: `scripts/setup.sh test` installs Debian's `chromium` and the
tests point Playwright at it. Set POLICYKIT_SCREENSHOT=1 to refresh docs/web-app.png.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from toolkit.web.app import create_app
from toolkit.web.server import BackgroundServer

from conftest import EXAMPLE_DATA, REPO, TEMPLATES, docx_text, pdf_text

playwright_api = pytest.importorskip("playwright.sync_api")
Browser, Page, expect = playwright_api.Browser, playwright_api.Page, playwright_api.expect

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip(
        "Debian's chromium is not installed (bash scripts/setup.sh test)", allow_module_level=True
    )

AXE = "/static/vendor/axe-core-4.14.1.min.js"
MASKS_CLAUSE = "forbid agents from concealing their faces"
NEW_CITY = {
    "name": "City of Lakeside",
    "state": "XX",  # wrong on purpose: the tests fix it
    "body": "City Council",
    "presiding_officer.title": "Mayor",
    "presiding_officer.name": "Jo Doe",
    "clerk.title": "City Clerk",
    "clerk.name": "Sam Roe",
}
STATE_ERROR = "expected a two-letter USPS state code such as CA, got 'XX'"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("web") / "jurisdictions.yaml"
    shutil.copy(EXAMPLE_DATA, data)
    with BackgroundServer(create_app(data=data, templates=TEMPLATES)) as running:
        yield running.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: Any, server: str) -> Iterator[Callable[..., Any]]:
    contexts: list[Any] = []

    def open_page(*, javascript: bool = True, path: str | None = "") -> Any:
        context = browser.new_context(
            java_script_enabled=javascript,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        if path is not None:
            page.goto(server + path)
        return page

    yield open_page
    for context in contexts:
        context.close()


def assert_accessible(page: Any) -> None:
    """axe-core (vendored, served by the app so the CSP allows it): no serious or critical issue."""
    page.add_script_tag(url=AXE)
    violations = page.evaluate(
        """async () => (await axe.run(document, {
              resultTypes: ['violations'],
              runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            })).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
    )
    assert violations == []


def download(page: Any, button: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    path = info.value.path()
    return info.value.suggested_filename, Path(path).read_bytes()


def choose(page: Any, policy: str, jurisdiction: str) -> None:
    page.get_by_label("Policy", exact=True).select_option(policy)
    page.get_by_label("Jurisdiction", exact=True).select_option(jurisdiction)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_pick_and_download_word_and_pdf_from_the_first_page(
    open_page: Callable[..., Any], javascript: bool
) -> None:
    page = open_page(javascript=javascript)
    choose(page, "ice-out", "prairie-falls-il")
    if javascript:  # the menus reload the form; wait for it before pressing a button
        expect(page.locator("#preview article")).to_contain_text("PRAIRIE FALLS")
    name, docx = download(page, "Download Word (DOCX)")
    assert name == "prairie-falls-il_ice-out.docx"
    assert "CITY OF PRAIRIE FALLS" in docx_text(docx)
    name, pdf = download(page, "Download PDF")
    assert name == "prairie-falls-il_ice-out.pdf"
    assert "CITY OF PRAIRIE FALLS" in pdf_text(pdf)


def test_switching_an_option_off_changes_the_live_preview(open_page: Callable[..., Any]) -> None:
    page = open_page()
    document = page.locator("#preview article")
    expect(document).to_contain_text(MASKS_CLAUSE)
    page.get_by_label("Ban masked agents and require visible identification").uncheck()
    expect(document).not_to_contain_text(MASKS_CLAUSE)
    expect(page.locator("#preview-status")).to_have_text("Preview updated; 2 blank(s) left.")
    name, docx = download(page, "Download Word (DOCX)")
    assert MASKS_CLAUSE not in " ".join(docx_text(docx).split())


def test_without_javascript_preview_shows_the_option_switched_off(
    open_page: Callable[..., Any],
) -> None:
    page = open_page(javascript=False)
    page.get_by_label("Ban masked agents and require visible identification").uncheck()
    page.get_by_role("button", name="Preview", exact=True).click()
    expect(page.locator("#preview article")).not_to_contain_text(MASKS_CLAUSE)
    expect(
        page.get_by_label("Ban masked agents and require visible identification")
    ).not_to_be_checked()


def fill_new_city(page: Any) -> None:
    for label, value in NEW_CITY.items():
        page.get_by_label(label, exact=True).fill(value)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_new_jurisdiction_shows_its_error_then_downloads_when_fixed(
    open_page: Callable[..., Any], javascript: bool
) -> None:
    page = open_page(javascript=javascript)
    page.get_by_label("Jurisdiction", exact=True).select_option("new:city")
    if not javascript:
        page.get_by_role("button", name="Preview", exact=True).click()
    expect(page.get_by_label("presiding_officer.name", exact=True)).to_be_visible()
    expect(page.get_by_label("sheriff", exact=True)).to_have_count(0)  # a city's fields only
    fill_new_city(page)
    page.get_by_role("button", name="Preview", exact=True).click()
    state = page.get_by_label("state", exact=True)
    expect(page.locator("#f-state-error")).to_have_text(STATE_ERROR)
    expect(state).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text(f"field 'state': {STATE_ERROR}")
    for label, value in NEW_CITY.items():  # nothing typed was lost
        expect(page.get_by_label(label, exact=True)).to_have_value(value)
    if javascript:
        assert_accessible(page)
    state.fill("WA")
    if javascript:  # both formats are read back in both modes by the first-page test
        name, pdf = download(page, "Download PDF")
        assert name == "city-of-lakeside-wa_ice-out.pdf"
        assert "CITY OF LAKESIDE" in pdf_text(pdf) and "Sam Roe" in pdf_text(pdf)
    else:
        name, docx = download(page, "Download Word (DOCX)")
        assert name == "city-of-lakeside-wa_ice-out.docx"
        assert "CITY OF LAKESIDE" in docx_text(docx) and "Jo Doe" in docx_text(docx)


def test_the_live_preview_marks_a_bad_field_as_it_is_typed(open_page: Callable[..., Any]) -> None:
    page = open_page(path="?jurisdiction=new:county")
    fill_new_city(page)
    expect(page.locator("#f-state-error")).to_have_text(STATE_ERROR)
    expect(page.get_by_role("alert")).to_have_count(0)  # a hint while typing, not a failure
    page.get_by_label("state", exact=True).fill("WA")
    expect(page.locator("#f-state-error")).to_have_text("")
    expect(page.locator("#preview article")).to_contain_text("CITY OF LAKESIDE")
    expect(page.get_by_label("sheriff", exact=True)).to_be_visible()  # a county's own field
    page.get_by_label("Policy", exact=True).focus()
    page.get_by_label("Policy", exact=True).select_option("alpr-data")  # typing is kept
    expect(page.get_by_label("Review every plate-reader contract", exact=False)).to_be_visible()
    expect(page.get_by_label("clerk.name", exact=True)).to_have_value("Sam Roe")
    expect(page.get_by_label("Policy", exact=True)).to_be_focused()


def test_load_a_saved_answers_file(
    open_page: Callable[..., Any], server: str, tmp_path: Path
) -> None:
    page = open_page(path="?jurisdiction=new:school_board")
    fill_new_city(page)
    page.get_by_label("state", exact=True).fill("MN")
    page.get_by_label("name", exact=True).fill("Lakeside Public Schools")
    page.get_by_label("superintendent.title", exact=True).fill("Superintendent")
    page.get_by_label("superintendent.name", exact=True).fill("Dr. Ada Moss")
    name, answers = download(page, "Download answers")
    assert name == "lakeside-public-schools-mn_answers.yaml"
    saved = tmp_path / name
    saved.write_bytes(answers)
    page.goto(server)
    fresh = page
    fresh.get_by_label("Answers file", exact=True).set_input_files(saved)
    fresh.get_by_role("button", name="Load answers", exact=True).click()
    expect(fresh.get_by_role("status").first).to_contain_text("Loaded the answers")
    expect(fresh.get_by_label("superintendent.name", exact=True)).to_have_value("Dr. Ada Moss")
    expect(fresh.locator("#preview article")).to_contain_text("LAKESIDE PUBLIC SCHOOLS")
    assert_accessible(fresh)


PAGES = {  # with the error states checked in the tests above: every kind of page the app shows
    "start, details open": "",
    "legal warning and blanks": "?policy=surveillance-oversight&jurisdiction=mesquite-springs-tx",
    "new school board": "?policy=safe-schools&jurisdiction=new:school_board",
    "not found": "no-such-page",
    "spanish, bilingual, legal warning": (
        "?ui=es&language=en-es&policy=surveillance-oversight&jurisdiction=mesquite-springs-tx"
    ),
    "spanish, missing translations": "?ui=es&language=ko",
    "spanish, new county and its spanish names": "?ui=es&jurisdiction=new:county&language=es",
    "spanish, not found": "no-such-page?ui=es",
}


SCREENSHOT = "legal warning and blanks"
"""The page the README shows: docs/web-app.png, refreshed when POLICYKIT_SCREENSHOT is set."""


def test_every_page_passes_the_accessibility_check(
    open_page: Callable[..., Any], server: str, tmp_path: Path
) -> None:
    page = open_page(path=None)
    for name, path in PAGES.items():
        page.goto(server + path)
        if not path:
            page.locator("details.details > summary").click()
            page.locator("details.policies > summary").click()
        if name == SCREENSHOT:
            expect(page.locator(".legal-warning")).to_be_visible()
            shot = REPO / "docs" / "web-app.png"
            page.screenshot(
                path=shot if os.environ.get("POLICYKIT_SCREENSHOT") else tmp_path / "a.png"
            )
        try:
            assert_accessible(page)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from None


def test_a_page_older_than_a_server_restart_keeps_what_was_typed(
    open_page: Callable[..., Any],
) -> None:
    page = open_page(javascript=False)
    page.get_by_label("numbers.ice-out", exact=True).fill("2027-9")
    page.context.clear_cookies()  # what a restart does: the old token is no longer valid
    page.get_by_role("button", name="Download PDF", exact=True).click()
    expect(page.locator(".notice")).to_contain_text("nothing was done")
    expect(page.get_by_label("numbers.ice-out", exact=True)).to_have_value("2027-9")
    name, pdf = download(page, "Download PDF")  # the page now carries a fresh token
    assert "RESOLUTION NO. 2027-9" in pdf_text(pdf)


def test_a_post_from_another_site_is_refused(open_page: Callable[..., Any], server: str) -> None:
    page = open_page(path=None)  # about:blank: not this server's page (its Origin is "null")
    page.set_content(
        f'<form method="post" action="{server}document"><input name="action" value="pdf">'
        "<button>Go</button></form>"
    )
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("403")
    expect(page.get_by_role("link", name="Back to the start")).to_be_visible()


def test_keyboard_reaches_the_menus_and_buttons_with_visible_focus(
    open_page: Callable[..., Any],
) -> None:
    page = open_page()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the form")).to_be_focused()
    page.keyboard.press("Enter")
    seen = []
    for _ in range(7):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.id || document.activeElement.innerText"))
    assert seen.index("policy") < seen.index("jurisdiction") < seen.index("Download PDF")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_in_spanish_download_a_spanish_pdf_and_a_bilingual_word_file(
    open_page: Callable[..., Any], javascript: bool
) -> None:
    page = open_page(javascript=javascript)
    page.get_by_label("numbers.ice-out", exact=True).fill("2027-9")
    page.get_by_role("button", name="Español", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    heading = page.get_by_role("heading", name="Redacte una política para su jurisdicción")
    expect(heading).to_be_visible()
    expect(page.get_by_label("numbers.ice-out", exact=True)).to_have_value("2027-9")  # kept
    language = page.get_by_label("Idioma del documento", exact=True)
    language.select_option("es")
    if javascript:
        expect(page.locator("#preview article")).to_contain_text("CONSIDERANDO QUE")
        expect(page.locator(".unreviewed")).to_contain_text("Traducción aún no revisada")
        assert_accessible(page)
    name, pdf = download(page, "Descargar PDF")
    assert name == "riverbend-ca_ice-out.es.pdf"
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "es"
    text = pdf_text(pdf)
    assert "RESOLUCIÓN N.º 2027-9" in text and "CONSIDERANDO QUE" in text
    assert "TRADUCCIÓN AÚN NO REVISADA" in text
    language.select_option("en-es")
    if javascript:
        expect(page.locator("#preview table.bilingual").first).to_contain_text("Español")
    name, word = download(page, "Descargar Word (DOCX)")
    assert name == "riverbend-ca_ice-out.en-es.docx"
    cells = [
        cell.text
        for table in docx.Document(io.BytesIO(word)).tables
        for row in table.rows
        for cell in row.cells
    ]
    assert any("WHEREAS" in cell for cell in cells)
    assert any("CONSIDERANDO QUE" in cell for cell in cells)
    if not javascript:  # Enter in a box previews, in Spanish: the language switch is not default
        page.get_by_label("numbers.ice-out", exact=True).press("Enter")
        expect(page.locator("#preview table.bilingual").first).to_contain_text("CONSIDERANDO QUE")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.get_by_label("Idioma del documento", exact=True)).to_have_value("en-es")
