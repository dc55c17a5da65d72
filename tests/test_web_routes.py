"""The web app's routes, driven in-process with Starlette's test client; a real server for the rest.

What only a browser shows (htmx, JavaScript off, accessibility) is in test_web_browser.py.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import httpx2
import pytest
import yaml
from markupsafe import escape
from starlette.datastructures import FormData
from starlette.routing import Route
from starlette.testclient import TestClient
from typer.testing import CliRunner

import toolkit
from toolkit.cli.app import app as cli_app
from toolkit.data.models import KINDS
from toolkit.templating import rendering
from toolkit.web.app import create_app
from toolkit.web.fields import Field, Group, detail_entries, tailor_fields
from toolkit.web.messages import ENGLISH_UI, MESSAGES, SPANISH_UI
from toolkit.web.pages import help_text
from toolkit.web.security import CsrfSigner, cookie_name
from toolkit.web.server import BackgroundServer, bind

from conftest import EXAMPLE_DATA, REPO, TEMPLATES, docx_text, pdf_text

NEW_CITY = {
    "name": "City of Lakeside",
    "state": "WA",
    "body": "City Council",
    "presiding_officer.title": "Mayor",
    "presiding_officer.name": "Jo Doe",
    "clerk.title": "City Clerk",
    "clerk.name": "Sam Roe",
}
MASKS_CLAUSE = "forbid agents from concealing their faces"


class Client:
    """A browser without JavaScript: keeps the cookie and sends the page's CSRF token."""

    def __init__(self, app: Any) -> None:
        self.http = TestClient(app, base_url="http://127.0.0.1")
        self.token = token_in(self.http.get("/").text)

    def post(self, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
        return self.http.post(path, data={"csrftoken": self.token, **data}, **kwargs)

    def document(self, action: str, **fields: Any) -> Any:
        """The first page's form: a policy, a jurisdiction, a button."""
        data = {"policy": "ice-out", "jurisdiction": "riverbend-ca", "action": action, **fields}
        return self.post("/document", data)

    def new_city(self, action: str, **fields: Any) -> Any:
        """The form for a jurisdiction typed in, as the page posts it back."""
        data = {"jurisdiction": "new:city", "loaded": "new:city", "kind": "city", **NEW_CITY}
        return self.document(action, **{**data, **fields})


def token_in(page: str) -> str:
    found = re.search(r'name="csrftoken" value="([^"]+)"', page)
    assert found, "no CSRF token in the page"
    return found[1]


class Page(HTMLParser):
    """The parts of a page the tests look at: labels, buttons, inputs, and text by element id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.labels: dict[str, str] = {}
        self.buttons: list[str] = []
        self.inputs: dict[str, dict[str, str | None]] = {}
        self.text_by_id: dict[str, str] = {}
        self._open: list[tuple[str, str | None, list[str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("input", "textarea", "select") and attributes.get("name"):
            self.inputs.setdefault(str(attributes["name"]), attributes)
        wanted = tag in ("label", "button", "p", "textarea") or attributes.get("id")
        if wanted and tag not in ("input", "br", "meta", "link"):
            self._open.append((tag, attributes.get("for") or attributes.get("id"), []))

    def handle_data(self, data: str) -> None:
        for _, _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                _, key, parts = self._open.pop(index)
                text = " ".join("".join(parts).split())
                if tag == "label" and key:
                    self.labels[key] = text
                elif tag == "button":
                    self.buttons.append(text)
                if key and tag != "label":
                    self.text_by_id[key] = text
                if tag == "textarea" and key:
                    self.inputs.setdefault(key, {})["text"] = "".join(parts)
                return


@pytest.fixture(scope="module")
def client() -> Client:
    return Client(create_app(data=EXAMPLE_DATA, templates=TEMPLATES, hosts=["127.0.0.1"]))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "jurisdictions.yaml"
    path.parent.mkdir()
    shutil.copy(EXAMPLE_DATA, path)
    return path


def own_client(data: Path) -> Client:
    return Client(create_app(data=data, templates=TEMPLATES, hosts=["127.0.0.1"]))


def test_first_page_has_both_controls_and_the_three_buttons(client: Client) -> None:
    page = Page(client.http.get("/").text)
    assert page.labels["policy"] == "Policy"
    assert page.labels["jurisdiction"] == "Jurisdiction"
    for name in ("Preview", "Download Word (DOCX)", "Download PDF"):
        assert page.buttons.count(name) == 1, name


def test_first_page_lists_every_policy_by_title_and_group(client: Client) -> None:
    html = client.http.get("/").text
    catalogue = toolkit.load_catalogue(TEMPLATES)
    for policy in catalogue.policies.values():
        assert f'<option value="{policy.id}"' in html
        assert policy.meta.summary.replace("'", "&#39;") in html
    assert '<optgroup label="ICE OUT">' in html
    assert '<optgroup label="No Secret Police toolkit">' in html


@pytest.mark.parametrize(
    ("action", "name"), [("docx", "riverbend-ca_ice-out.docx"), ("pdf", "riverbend-ca_ice-out.pdf")]
)
def test_a_download_from_the_first_page_with_the_defaults(
    client: Client, action: str, name: str
) -> None:
    response = client.document(action)
    assert response.status_code == 200
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    text = docx_text(response.content) if action == "docx" else pdf_text(response.content)
    assert "CITY OF RIVERBEND" in text and "RESOLUTION NO. 2026-118" in text


def test_downloads_are_the_bytes_the_library_makes(client: Client) -> None:
    catalogue = toolkit.load_catalogue(TEMPLATES)
    riverbend = toolkit.load_data(EXAMPLE_DATA).pick("riverbend-ca")
    document = toolkit.render(catalogue, toolkit.DocumentRequest("ice-out", riverbend))
    assert client.document("docx").content == toolkit.to_bytes(document, "docx")
    assert client.document("pdf").content == toolkit.to_bytes(document, "pdf")


def test_the_brief_and_the_zip_of_everything(client: Client) -> None:
    brief = client.document("brief-pdf")
    assert 'filename="riverbend-ca_ice-out_brief.pdf"' in brief.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(client.document("zip").content))
    names = archive.namelist()
    parts = ["", "_staff-report", "_brief", "_press-release", "_comment-letter"]
    letters = [f"_cover-letter-delegation-{n}" for n in (1, 2, 3)] + [
        f"_cover-letter-{post}"
        for post in ("house-chair", "house-ranking", "senate-chair", "senate-ranking")
    ]
    # the packet `generate --packet` writes, in both formats, then the answers
    wanted = [f"riverbend-ca_ice-out{p}.{fmt}" for p in parts + letters for fmt in ("docx", "pdf")]
    assert names == [*wanted, "riverbend-ca_answers.yaml"]
    assert "talking points" in docx_text(archive.read("riverbend-ca_ice-out_brief.docx")).lower()


def test_preview_lists_blanks_highlights_them_and_shows_the_legal_warning(client: Client) -> None:
    html = client.http.get("/?policy=surveillance-oversight&jurisdiction=mesquite-springs-tx").text
    catalogue = toolkit.load_catalogue(TEMPLATES)
    texas = toolkit.load_data(EXAMPLE_DATA).pick("mesquite-springs-tx")
    page = Page(html)
    assert "still blank, for the clerk to fill in: number, chapter number," in html
    assert '<span class="blank">[number]</span>' in html
    warning = catalogue.legal_warning(texas, catalogue.policy("surveillance-oversight"))
    assert warning and warning.replace("'", "&#39;") in html
    assert "Legal review" in page.text_by_id["preview"]


def test_every_document_language_gives_a_page_and_spanish_a_download(client: Client) -> None:
    for code in toolkit.LANGUAGES:
        response = client.http.get(f"/?language={code}")
        assert response.status_code == 200, code
        assert f'<option value="{code}" selected>' in response.text
    spanish = client.document("docx", language="es")
    assert 'filename="riverbend-ca_ice-out.es.docx"' in spanish.headers["content-disposition"]


def test_switching_an_option_off_changes_the_preview(client: Client) -> None:
    fields = {
        "jurisdiction": "riverbend-ca",
        "loaded": "riverbend-ca",
        "kind": "city",
        "policy": "ice-out",
        **{k: v for k, v in NEW_CITY.items() if k != "name"},
        "name": "City of Riverbend",
        "id": "riverbend-ca",
    }
    on = client.post("/preview", {**fields, "options.ice-out.masks-and-id": ["off", "on"]})
    off = client.post("/preview", {**fields, "options.ice-out.masks-and-id": "off"})
    assert MASKS_CLAUSE in on.text
    assert MASKS_CLAUSE not in off.text
    assert 'hx-swap-oob="innerHTML"' in off.text  # the live region announcing the update


def test_a_bad_field_gets_the_clis_words_next_to_it_and_nothing_typed_is_lost(
    client: Client, tmp_path: Path
) -> None:
    response = client.new_city("pdf", state="XX", extra_recitals="our own words\nmore words")
    assert response.status_code == 422
    page = Page(response.text)
    cli_words = "expected a two-letter USPS state code such as CA, got 'XX'"
    assert page.text_by_id["f-state-error"] == cli_words
    assert page.inputs["state"]["aria-invalid"] == "true"
    assert "f-state-error" in str(page.inputs["state"]["aria-describedby"])
    for name, value in NEW_CITY.items():
        if name != "state":
            assert page.inputs[name]["value"] == value
    assert page.inputs["state"]["value"] == "XX"
    assert page.inputs["f-extra_recitals"]["text"] == "our own words\nmore words"
    # the command line says the same about the same entry in a file
    data = tmp_path / "j.yaml"
    data.write_text(
        "jurisdictions:\n  - id: lakeside-wa\n    kind: city\n    name: X\n    state: XX\n"
        "    body: B\n    presiding_officer: {title: T, name: N}\n    clerk: {title: T, name: N}\n"
    )
    result = CliRunner().invoke(
        cli_app, ["generate", "ice-out", "lakeside-wa", "--data", str(data)]
    )
    assert f"field 'state': {cli_words}" in result.stderr


def test_a_missing_group_is_reported_on_its_fieldset(client: Client) -> None:
    response = client.new_city("docx", **{"clerk.title": "", "clerk.name": ""})
    page = Page(response.text)
    assert page.text_by_id["f-clerk-error"] == "required field is missing"
    assert 'href="#f-clerk"' in response.text  # the summary links to it


def test_a_new_jurisdiction_gets_an_id_from_its_name_and_state(client: Client) -> None:
    response = client.new_city("docx")
    assert 'filename="city-of-lakeside-wa_ice-out.docx"' in response.headers["content-disposition"]
    assert "CITY OF LAKESIDE" in docx_text(response.content)


def test_ids_from_a_request_never_become_paths(client: Client) -> None:
    response = client.new_city("pdf", id="../../etc/passwd")
    assert response.status_code == 422
    assert "content-disposition" not in response.headers
    assert "expected lower-case letters, digits and single hyphens" in response.text


def test_answers_download_is_a_data_file_that_generate_reads(
    client: Client, tmp_path: Path
) -> None:
    response = client.new_city(
        "answers", **{"options.ice-out.masks-and-id": "off", "numbers.ice-out": "2027-3"}
    )
    assert 'filename="city-of-lakeside-wa_answers.yaml"' in response.headers["content-disposition"]
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(response.content)
    entry = yaml.safe_load(response.content)["jurisdictions"][0]
    assert entry["options"]["ice-out"]["masks-and-id"] is False
    result = toolkit.generate(
        "ice-out",
        "city-of-lakeside-wa",
        data=answers,
        templates=TEMPLATES,
        out_dir=tmp_path / "out",
        formats=["docx"],
    )
    text = docx_text(result.written[0].read_bytes())
    assert "RESOLUTION NO. 2027-3" in text and MASKS_CLAUSE not in text


def test_incomplete_answers_can_be_kept_too(client: Client) -> None:
    response = client.new_city("answers", state="", body="")
    assert 'filename="answers.yaml"' in response.headers["content-disposition"]
    assert b"Incomplete" in response.content
    assert yaml.safe_load(response.content)["jurisdictions"][0]["name"] == "City of Lakeside"


def test_load_answers_fills_the_form(client: Client) -> None:
    answers = client.new_city("answers", **{"options.ice-out.masks-and-id": "off"}).content
    response = client.post(
        "/answers",
        {"policy": "ice-out"},
        files={"answers": ("a.yaml", answers, "application/yaml")},
    )
    assert response.status_code == 200
    page = Page(response.text)
    assert page.inputs["name"]["value"] == "City of Lakeside"
    assert "checked" not in page.inputs["options.ice-out.masks-and-id"]  # the hidden "off" twin
    assert (
        'id="f-options-ice-out-masks-and-id" name="options.ice-out.masks-and-id" value="on" '
        "aria-describedby" in response.text
    )
    assert "Loaded the answers for city-of-lakeside-wa." in response.text
    assert MASKS_CLAUSE not in response.text


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"jurisdictions: [", "invalid YAML"),
        (b"name: x\n", "expected a jurisdictions file"),
        (b"jurisdictions:\n  - {id: a, kind: city}\n  - {id: b, kind: city}\n", "found 2"),
        (b"jurisdictions:\n  - {id: a, kind: town}\n", "kind 'town' is unknown"),
        (b"\xff\xfe", "not UTF-8"),
        (
            b"jurisdictions:\n  - kind: city\n    name: " + b"{a: " * 990 + b"1" + b"}" * 990,
            "values are nested too deeply",
        ),
    ],
)
def test_a_bad_answers_file_is_one_line_at_the_top(
    client: Client, payload: bytes, message: str
) -> None:
    response = client.post(
        "/answers",
        {"policy": "ice-out"},
        files={"answers": ("a.yaml", payload, "application/yaml")},
    )
    assert response.status_code == 422
    text = html.unescape(response.text)
    assert "The answers file could not be loaded" in text and message in text


def test_answers_with_a_bad_field_show_it_next_to_the_field(client: Client) -> None:
    answers = b"jurisdictions:\n  - {id: a-ca, kind: county, name: N, state: ZZ}\n"
    response = client.post(
        "/answers",
        {"policy": "ice-out"},
        files={"answers": ("a.yaml", answers, "application/yaml")},
    )
    page = Page(response.text)
    assert (
        "expected a two-letter USPS state code such as CA, got 'ZZ'"
        in page.text_by_id["f-state-error"]
    )
    assert page.inputs["state"]["value"] == "ZZ"
    assert page.text_by_id["f-body-error"] == "required field is missing"
    assert "sheriff" in page.inputs  # a county's own fields


@pytest.mark.parametrize(
    "entry",
    [
        "{id: a-ca, kind: city, local_facts: {a: b}, clrk: x, numbers: 5}",
        "{id: a-ca, kind: city, local_facts: [1, {text: t}], presiding_officer: x, page: 3}",
        "{kind: city, name: [1, 2], options: {ice-out: {end-surges: maybe}, nope: {x: true}}}",
    ],
)
def test_a_hostile_answers_file_gives_problems_not_a_crash(client: Client, entry: str) -> None:
    answers = f"jurisdictions:\n  - {entry}\n".encode()
    response = client.post(
        "/answers",
        {"policy": "ice-out"},
        files={"answers": ("a.yaml", answers, "application/yaml")},
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text


def test_save_adds_then_replaces_the_entry_and_keeps_a_backup(data_copy: Path) -> None:
    client = own_client(data_copy)
    original = data_copy.read_text()
    response = client.new_city("save")
    assert response.status_code == 200
    assert "Saved city-of-lakeside-wa to jurisdictions.yaml" in response.text
    saved = data_copy.read_text()
    assert saved.startswith(original.rstrip("\n"))  # every entry and comment kept as it was
    assert (data_copy.parent / "jurisdictions.yaml.bak").read_text() == original
    assert [j.id for j in toolkit.load_data(data_copy).jurisdictions][-1] == "city-of-lakeside-wa"
    client.new_city("save", **{"clerk.name": "Alex Poe", "id": "city-of-lakeside-wa"})
    again = data_copy.read_text()
    assert again.count("id: city-of-lakeside-wa") == 1 and "Alex Poe" in again
    assert again.replace("Alex Poe", "Sam Roe") == saved
    # the saved entry is in the menu, picked
    assert (
        '<option value="city-of-lakeside-wa" selected>'
        in client.http.get("/?jurisdiction=city-of-lakeside-wa").text
    )


def test_save_replaces_an_entry_in_the_middle_and_leaves_its_neighbours(data_copy: Path) -> None:
    client = own_client(data_copy)
    before = toolkit.load_data(data_copy).jurisdictions
    client.document(
        "save",
        loaded="riverbend-ca",
        kind="city",
        id="riverbend-ca",
        name="City of Riverbend",
        state="CA",
        body="City Council",
        **{
            "presiding_officer.title": "Mayor",
            "presiding_officer.name": "New Mayor",
            "clerk.title": "City Clerk",
            "clerk.name": "Marcus Bell",
        },
    )
    after = toolkit.load_data(data_copy).jurisdictions
    assert [j.id for j in after] == [j.id for j in before]
    assert after[0].presiding_officer.name == "New Mayor"
    assert after[1:] == before[1:]


def test_save_creates_a_new_data_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    client = own_client(path)
    assert client.new_city("save").status_code == 200
    assert [j.id for j in toolkit.load_data(path).jurisdictions] == ["city-of-lakeside-wa"]
    assert not (tmp_path / "mine.yaml.bak").exists()


def test_save_is_refused_for_a_csv_and_for_the_bundled_examples(tmp_path: Path) -> None:
    csv = tmp_path / "members.csv"
    shutil.copy(REPO / "examples" / "members.csv", csv)
    response = own_client(csv).new_city("save")
    assert response.status_code == 409 and "Nothing was saved" in response.text
    assert csv.read_bytes() == (REPO / "examples" / "members.csv").read_bytes()
    bundled = own_client(toolkit.api.BUNDLED / "jurisdictions.yaml")
    assert bundled.new_city("save").status_code == 409
    assert 'value="save"' not in bundled.http.get("/").text


def test_the_server_writes_nothing_but_explicit_saves(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data_copy.parent)
    client = own_client(data_copy)
    before = sorted(p.name for p in data_copy.parent.iterdir())
    stamp = data_copy.stat().st_mtime_ns
    for action in ("preview", "docx", "pdf", "zip", "answers", "brief-docx"):
        assert client.document(action).status_code == 200
    client.post("/preview", {"policy": "ice-out", "jurisdiction": "riverbend-ca"})
    assert sorted(p.name for p in data_copy.parent.iterdir()) == before
    assert data_copy.stat().st_mtime_ns == stamp


def test_every_post_route_refuses_a_missing_or_forged_token(client: Client) -> None:
    app = client.http.app
    posts = [r.path for r in app.routes if isinstance(r, Route) and "POST" in (r.methods or ())]
    assert sorted(posts) == ["/answers", "/document", "/preview"]
    forged = CsrfSigner().new_token()
    for path in posts:
        assert client.http.post(path, data={"action": "docx"}).status_code == 403
        assert client.http.post(path, data={"csrftoken": forged}).status_code == 403
        stranger = TestClient(app, base_url="http://127.0.0.1")
        stranger.cookies.set(cookie_name({"server": ("127.0.0.1", 80)}), forged)
        assert stranger.post(path, data={"csrftoken": forged}).status_code == 403
        other_site = client.post(path, {}, headers={"origin": "http://evil.example"})
        assert other_site.status_code == 403
    refused = client.http.post("/document", data={"action": "docx"})
    assert "This form has expired" in refused.text and "content-disposition" not in refused.headers


def test_a_page_older_than_the_server_loses_nothing_and_does_nothing(data_copy: Path) -> None:
    client = own_client(data_copy)
    restarted = own_client(data_copy)  # a new process: a new secret
    restarted.http.cookies = client.http.cookies  # the old tab's cookie and token
    stale = {
        "csrftoken": client.token,
        "jurisdiction": "new:city",
        "loaded": "new:city",
        "kind": "city",
        "policy": "ice-out",
        "action": "save",
        **NEW_CITY,
    }
    own_page = {"origin": "http://127.0.0.1"}
    before = data_copy.read_bytes()
    response = restarted.http.post("/document", data=stale, headers=own_page)
    assert response.status_code == 200 and "nothing was done" in response.text
    assert data_copy.read_bytes() == before and "content-disposition" not in response.headers
    page = Page(response.text)
    assert page.inputs["clerk.name"]["value"] == "Sam Roe"
    fresh = token_in(response.text)
    assert fresh != client.token
    cookie = response.headers["set-cookie"]
    assert fresh in cookie
    live = restarted.http.post("/preview", data={**stale, "csrftoken": "old"}, headers=own_page)
    assert 'id="csrf-main" name="csrftoken" value="' in live.text and "hx-swap-oob" in live.text
    upload = restarted.http.post(
        "/answers",
        data={"csrftoken": "old"},
        headers=own_page,
        files={"answers": ("a.yaml", b"x", "text/yaml")},
    )
    assert upload.status_code == 200 and "choose it again" in upload.text


def test_the_token_also_works_as_a_header_for_scripts(client: Client) -> None:
    response = client.http.post(
        "/preview", data={"policy": "ice-out"}, headers={"x-csrftoken": client.token}
    )
    assert response.status_code == 200


def test_security_headers_on_pages_files_and_errors(client: Client) -> None:
    responses = [
        client.http.get("/"),
        client.http.get("/static/app.css"),
        client.http.get("/no-such-page"),
        client.http.post("/document", data={}),
        client.document("docx"),
    ]
    assert [r.status_code for r in responses] == [200, 200, 404, 403, 200]
    for response in responses:
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
    cookie = TestClient(client.http.app, base_url="http://127.0.0.1").get("/").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_no_page_has_an_inline_script_or_style(client: Client) -> None:
    pages = [
        client.http.get("/").text,
        client.new_city("preview", state="XX").text,
        client.http.get("/nope").text,
    ]
    for page in pages:
        assert re.findall(r"<script(?![^>]*\bsrc=)", page) == []
        assert "<style" not in page and " style=" not in page
        assert " on" not in re.sub(r'"[^"]*"', '""', "".join(re.findall(r"<[^>]+>", page)))


def test_request_and_upload_size_limits(client: Client) -> None:
    big = "x" * (600 * 1024)
    assert client.post("/document", {"name": big}).status_code == 413
    upload = client.post("/answers", {}, files={"answers": ("a.yaml", big.encode(), "text/yaml")})
    assert upload.status_code == 413
    assert "too much data" in upload.text


def test_another_host_name_is_refused(client: Client) -> None:
    response = client.http.get("/", headers={"host": "rebinding.example:8000"})
    assert response.status_code == 400


def test_unknown_choices_are_messages_not_crashes(client: Client) -> None:
    response = client.document("preview", policy="no-such-policy", jurisdiction="atlantis-ca")
    assert response.status_code == 200
    assert "unknown policy &#39;no-such-policy&#39;" in response.text
    assert "unknown jurisdiction &#39;atlantis-ca&#39;" in response.text
    wrong_kind = client.document("pdf", policy="safe-schools")
    assert wrong_kind.status_code == 422
    assert "has no version for a city" in wrong_kind.text


def test_form_addresses_fetched_directly_go_to_the_start(client: Client) -> None:
    response = client.http.get("/document", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


@pytest.fixture
def endless_templates(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    policy = templates / "resolutions" / "endless"
    policy.mkdir()
    meta = (TEMPLATES / "resolutions" / "ice-out" / "policy.yaml").read_text()
    (policy / "policy.yaml").write_text(meta.replace("id: ice-out", "id: endless", 1))
    (policy / "body.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
    )
    return templates


def test_a_template_that_never_ends_does_not_hang_the_server(
    endless_templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits = sys.modules[rendering.render_limits.__module__]  # wherever the limits live
    monkeypatch.setattr(limits, "TIME_LIMIT_S", 1.0)
    app = create_app(data=EXAMPLE_DATA, templates=endless_templates)
    with BackgroundServer(app) as server, httpx2.Client(base_url=server.url) as http:
        token = token_in(http.get("/").text)
        form = {"csrftoken": token, "jurisdiction": "riverbend-ca", "action": "pdf"}
        slow: dict[str, Any] = {}

        def endless() -> None:
            slow["response"] = http.post("/document", data={**form, "policy": "endless"})

        worker = threading.Thread(target=endless)
        worker.start()
        time.sleep(0.2)
        assert http.get("/").status_code == 200
        quick = http.post("/preview", data={**form, "policy": "ice-out"})
        assert quick.status_code == 200 and MASKS_CLAUSE in quick.text
        # answered while the endless render is still running: the server did not hang on it
        assert worker.is_alive()
        worker.join(timeout=60)  # a hang guard; the render limit is one second
    assert slow["response"].status_code == 422
    assert "took longer than 1 seconds" in html.unescape(slow["response"].text)


def test_serve_reports_a_busy_port_in_one_line() -> None:
    with bind("127.0.0.1", 0) as busy:
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli_app, ["serve", "--port", str(port)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}")


def test_serve_warns_when_other_computers_can_reach_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.web.app
    import toolkit.web.server

    hosts: list[Any] = []
    monkeypatch.setattr(toolkit.web.server, "bind", lambda host, port: bind("127.0.0.1", 0))
    monkeypatch.setattr(toolkit.web.server, "serve", lambda app, sock: sock.close())
    monkeypatch.setattr(toolkit.web.app, "warm_up", lambda app: None)
    real_create_app = toolkit.web.app.create_app

    def create_app_spy(**kwargs: Any) -> Any:
        hosts.append(kwargs["hosts"])
        return real_create_app(**kwargs)

    monkeypatch.setattr(toolkit.web.app, "create_app", create_app_spy)
    result = CliRunner().invoke(
        cli_app, ["serve", "--host", "0.0.0.0", "--data", str(EXAMPLE_DATA)]
    )
    assert result.exit_code == 0, result.stderr
    assert "WARNING: listening on 0.0.0.0, so other computers can reach this app" in result.stderr
    assert hosts == [None]  # reached by whatever name the other computers use
    assert "Stopped." in result.stdout


@pytest.fixture
def serve_process(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "toolkit", "serve", "--port", "0", *args],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_serve_prints_its_address_and_stops_cleanly_on_ctrl_c(
    serve_process: Callable[..., subprocess.Popen[str]],
) -> None:
    process = serve_process("--data", str(EXAMPLE_DATA), "--templates", str(TEMPLATES))
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"running at (http://127\.0\.0\.1:\d+/)", line)
    assert found, line
    assert httpx2.get(found[1]).status_code == 200
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "Stopped." in out and "Traceback" not in err


SAVED_CITY = {**NEW_CITY, "state": "WA", "id": "new-wa"}


@pytest.mark.parametrize(
    "text",
    [
        "# about\njurisdictions:\n  - id: one-ca\n    kind: city\n    name: One\n    state: CA\n"
        "    body: B\n    presiding_officer: {title: T, name: N}\n    clerk: {title: T, name: N}\n"
        "    extra_recitals:\n      - |\n        two\n        lines\n\n# the end\n",
        "jurisdictions:\n-   id: one-ca\n    kind: city\n    name: One\n    state: CA\n    body: B\n"
        "    presiding_officer: {title: T, name: N}\n    clerk: {title: T, name: N}\n",
        "# nothing yet\njurisdictions: []\n",
        "jurisdictions:\n",
    ],
    ids=["block-literal-and-comments", "wide-dashes", "empty-list", "empty"],
)
def test_save_appends_to_files_written_in_other_ways(text: str, tmp_path: Path) -> None:
    from toolkit.data.entries import jurisdiction_from_mapping
    from toolkit.web.answers import save_entry
    from toolkit.web.fields import entry_from_form

    path = tmp_path / "j.yaml"
    path.write_text(text)
    before = toolkit.load_data(path).jurisdictions if "one-ca" in text else []
    form = FormData(list(SAVED_CITY.items()))
    city = jurisdiction_from_mapping(entry_from_form(form, "city", {}))
    save_entry(path, city)
    after = toolkit.load_data(path)
    assert after.problems == [] and after.jurisdictions == [*before, city]
    saved = path.read_text()
    assert "clerk: {title: City Clerk, name: Sam Roe}" in saved
    for line in text.splitlines():
        assert line in saved or line == "jurisdictions: []"


def test_save_refuses_a_list_written_inline(tmp_path: Path) -> None:
    from toolkit.data.entries import jurisdiction_from_mapping
    from toolkit.web.answers import SaveError, save_entry

    path = tmp_path / "j.yaml"
    path.write_text("jurisdictions: [{id: a-ca, kind: city}]\n")
    city = jurisdiction_from_mapping(
        {
            "kind": "city",
            **{
                "id": "b-wa",
                "name": "B",
                "state": "WA",
                "body": "B",
                "presiding_officer": {"title": "T", "name": "N"},
                "clerk": {"title": "T", "name": "N"},
            },
        }
    )
    with pytest.raises(SaveError, match="not a list of entries, one per '- ' line"):
        save_entry(path, city)
    assert path.read_text() == "jurisdictions: [{id: a-ca, kind: city}]\n"


# --- languages: the interface in Spanish, and the document's language -------------------------

SAME_IN_SPANISH = {
    "app.name",  # the tool's name
    "facts.legend",  # a field name, as a jurisdictions file writes it
    "details.kind",  # `kind: city`, as a jurisdictions file writes it
    "jurisdiction.option",  # "{name} ({state})"
    "language.option",  # "{native} ({name})"
}
"""Interface strings that read the same in Spanish: names and formats, no English words."""
_SLOT = re.compile(r"\{[a-z_]+\}")


class InterfaceText(HTMLParser):
    """What the app itself says on a page: its text and labelling attributes, without the
    document preview, code (field names, the CLI's words) or anything marked as another language
    (untranslated policy texts, the CLI's messages)."""

    VOID = frozenset({"input", "br", "meta", "link", "img", "hr", "source", "wbr"})
    SKIP = frozenset({"article", "code", "script", "style"})
    ATTRIBUTES = ("label", "aria-label", "title", "placeholder", "alt")

    def __init__(self, page: str, lang: str) -> None:
        super().__init__()
        self.lang, self.parts, self._stack = lang, [], []
        self.root_lang: str | None = None
        self.feed(page)
        self.text = " ".join(" ".join(self.parts).split())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.root_lang = attributes.get("lang")
            return
        other = attributes.get("lang") not in (None, self.lang)
        skipping = bool(self._stack and self._stack[-1]) or tag in self.SKIP or other
        if not skipping:
            self.parts += [
                str(attributes[name]) for name in self.ATTRIBUTES if attributes.get(name)
            ]
        if tag not in self.VOID:
            self._stack.append(skipping)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and tag != "html" and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self._stack and self._stack[-1]):
            self.parts.append(data)


def english_left(text: str) -> list[str]:
    """Pieces of the English interface catalog found in a page's interface text.

    Each English string is cut at its {slots}; a piece the Spanish string keeps too (a command,
    a field name) is not English left over. A one-word string ("Policy") counts as a whole word;
    one word between slots ("and", "for") is not checked: data and names hold such words too.
    """
    found = []
    for key, english in ENGLISH_UI.items():
        if key in SAME_IN_SPANISH:
            continue
        pieces = _SLOT.split(english)
        for piece in pieces:
            piece = " ".join(piece.split()).strip(" .,:;()|")
            words = re.findall(r"[A-Za-z]+", piece)
            if not words or len(piece) < 3 or piece in SPANISH_UI[key]:
                continue
            if len(words) == 1 and len(pieces) > 1:
                continue
            hit = (
                re.search(rf"(?<![\w-]){re.escape(piece)}(?![\w-])", text)
                if len(words) == 1
                else piece in text
            )
            if hit:
                found.append(f"{key}: {piece!r}")
    return found


def assert_spanish(page: str, *, whole: bool = True) -> None:
    parsed = InterfaceText(page, "es")
    if whole:
        assert parsed.root_lang == "es"
    assert parsed.text, "no interface text"
    assert english_left(parsed.text) == []


def docx_cells(data: bytes) -> str:
    """The text of every table cell of a DOCX (a bilingual document is one table)."""
    document = docx.Document(io.BytesIO(data))
    return "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )


def form_fields(page: str) -> dict[str, list[str]]:
    """What the page's workspace form posts when a button is pressed, as a browser sends it."""

    class Fields(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.fields: dict[str, list[str]] = {}
            self._in_form = False
            self._select: str | None = None
            self._first: str | None = None
            self._chosen = False
            self._textarea: str | None = None

        def add(self, name: str, value: str) -> None:
            self.fields.setdefault(name, []).append(value)

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = {key: value or "" for key, value in attrs}
            if tag == "form":
                self._in_form = a.get("id") == "workspace"
            if not self._in_form or "name" not in a and tag != "option":
                return
            if tag == "input" and a.get("type") in ("hidden", "text"):
                self.add(a["name"], html.unescape(a.get("value", "")))
            elif tag == "input" and a.get("type") == "checkbox" and "checked" in a:
                self.add(a["name"], a.get("value", "on"))
            elif tag == "select":
                self._select, self._first, self._chosen = a["name"], None, False
            elif tag == "option" and self._select:
                self._first = self._first or a.get("value", "")
                if "selected" in a and not self._chosen:
                    self.add(self._select, a.get("value", ""))
                    self._chosen = True
            elif tag == "textarea":
                self._textarea = a["name"]
                self.add(self._textarea, "")

        def handle_data(self, data: str) -> None:
            if self._textarea:
                self.fields[self._textarea][-1] += data

        def handle_endtag(self, tag: str) -> None:
            if tag == "form":
                self._in_form = False
            elif tag == "select" and self._select:
                if not self._chosen and self._first is not None:
                    self.add(self._select, self._first)
                self._select = None
            elif tag == "textarea" and self._textarea:
                value = self.fields[self._textarea][-1]
                self.fields[self._textarea][-1] = value.removeprefix("\n")
                self._textarea = None

    parser = Fields()
    parser.feed(page)
    return parser.fields


def test_every_interface_string_has_a_spanish_version_with_the_same_slots() -> None:
    assert set(SPANISH_UI) >= set(ENGLISH_UI)
    for key, english in ENGLISH_UI.items():
        spanish = SPANISH_UI[key]
        assert sorted(_SLOT.findall(spanish)) == sorted(_SLOT.findall(english)), key
        assert (spanish == english) == (key in SAME_IN_SPANISH), key
    assert MESSAGES["es"] is SPANISH_UI


def test_every_field_has_help_in_spanish() -> None:
    """English pages may show the models' descriptions; Spanish ones describe every field."""
    for kind in KINDS:
        controls: list[Field | Group] = []
        for entry in [*detail_entries(kind), *tailor_fields(kind)]:
            controls += [entry, *entry.fields] if isinstance(entry, Group) else [entry]
        for control in controls:
            text = help_text("es", control)
            assert text and text != control.description, f"{kind}: {control.name}"


SPANISH_PAGES = {
    "start": "/?ui=es",
    "legal warning, bilingual": "/?ui=es&language=en-es&jurisdiction=mesquite-springs-tx",
    "missing translations": "/?ui=es&language=ko",
    "english in their place": "/?ui=es&language=ko&fallback=on",
    "school board, spanish names": "/?ui=es&policy=safe-schools&jurisdiction=new:school_board"
    "&language=es",
    **{f"new {kind}": f"/?ui=es&jurisdiction=new:{kind}" for kind in KINDS},
    "unknown choices": "/?ui=es&policy=nope&language=xx",
    "not found": "/no-such-page?ui=es",
}


@pytest.mark.parametrize("path", SPANISH_PAGES.values(), ids=SPANISH_PAGES.keys())
def test_every_page_in_spanish_has_lang_es_and_no_english_interface_text(
    client: Client, path: str
) -> None:
    response = client.http.get(path)
    assert response.status_code in (200, 404)
    assert_spanish(response.text)


def test_pages_after_a_post_are_in_spanish_too(client: Client, data_copy: Path) -> None:
    bad = client.new_city("pdf", ui="es", state="XX")
    assert bad.status_code == 422 and "Hay un problema" in bad.text
    assert_spanish(bad.text)
    live = client.post("/preview", {"ui": "es", "policy": "ice-out", "jurisdiction": "new:city"})
    assert_spanish(live.text, whole=False)
    missing = client.post("/answers", {"ui": "es", "policy": "ice-out"})
    assert "Primero elija un archivo de respuestas." in missing.text
    assert_spanish(missing.text)
    bundled = own_client(toolkit.api.BUNDLED / "jurisdictions.yaml")
    refused = bundled.new_city("save", ui="es")  # the bundled examples cannot be saved into
    assert refused.status_code == 409 and "No se guardó nada" in refused.text
    assert_spanish(refused.text)
    saved = own_client(data_copy).new_city("save", ui="es")
    assert "Se guardó city-of-lakeside-wa en jurisdictions.yaml" in saved.text
    assert_spanish(saved.text)
    expired = client.http.post("/document?ui=es", data={"action": "docx"})
    assert expired.status_code == 403 and "Este formulario venció" in expired.text
    assert_spanish(expired.text)


def test_the_spanish_interface_keeps_the_english_controls_working(client: Client) -> None:
    page = Page(client.http.get("/?ui=es").text)
    assert page.labels["policy"] == "Política"
    assert page.labels["jurisdiction"] == "Jurisdicción"
    for name in ("Vista previa", "Descargar Word (DOCX)", "Descargar PDF"):
        assert page.buttons.count(name) == 1, name
    assert page.labels["f-presiding_officer-name"] == "presiding_officer.name"
    response = client.document("docx", ui="es")
    assert 'filename="riverbend-ca_ice-out.docx"' in response.headers["content-disposition"]


def test_the_interface_language_is_kept_from_page_to_page(client: Client) -> None:
    start = client.http.get("/?ui=es").text
    assert start.count('<input type="hidden" name="ui" value="es">') == 2  # both forms
    assert 'href="/?ui=es"' in start
    assert '<html lang="es">' in client.document("preview", ui="es").text
    assert '<html lang="es">' in client.http.get("/", headers={"accept-language": "es-US,es"}).text
    assert '<html lang="en">' in client.http.get("/?ui=en", headers={"accept-language": "es"}).text
    # the switch posts the whole form: the page comes back in Spanish with what was typed
    switched = client.new_city("preview", ui="en", switch_ui="es", **{"numbers.ice-out": "2027-4"})
    assert '<html lang="es">' in switched.text
    page = Page(switched.text)
    assert page.inputs["clerk.name"]["value"] == "Sam Roe"
    assert page.inputs["numbers.ice-out"]["value"] == "2027-4"
    back = client.new_city("preview", ui="es", switch_ui="en")
    assert '<html lang="en">' in back.text and 'name="switch_ui" value="es"' in back.text
    assert 'name="switch_ui" value="en"' in switched.text
    # the Enter key presses Preview, which comes first, not the switch
    assert switched.text.index('value="preview" hidden') < switched.text.index('name="switch_ui"')
    # a code without messages goes no further than English, whatever it says
    for bad in ("../../etc/passwd", "xx", "ES", "es/../en"):
        assert '<html lang="en">' in client.http.get("/", params={"ui": bad}).text
        assert '<html lang="en">' in client.document("preview", ui=bad).text
    redirect = client.http.get("/document?ui=es", follow_redirects=False)
    assert redirect.headers["location"] == "/?ui=es"


def test_answers_in_spanish_and_loaded_in_spanish(client: Client) -> None:
    answers = client.new_city("answers", ui="es").content
    assert 'Vuelva a cargarlas con "Cargar respuestas"' in answers.decode()
    loaded = client.post(
        "/answers",
        {"ui": "es", "policy": "ice-out", "language": "en-es", "fallback": "off"},
        files={"answers": ("a.yaml", answers, "application/yaml")},
    )
    assert "Se cargaron las respuestas de city-of-lakeside-wa." in loaded.text
    assert '<option value="en-es" selected>' in loaded.text  # the document language is kept
    assert_spanish(loaded.text)


def test_policy_titles_summaries_and_clauses_in_the_interface_language(client: Client) -> None:
    catalogue = toolkit.load_catalogue(TEMPLATES)
    spanish = client.http.get("/?ui=es").text
    english = client.http.get("/").text
    ice_out = catalogue.policies["ice-out"].meta
    for text in (ice_out.title, ice_out.summary, ice_out.options["masks-and-id"].label):
        assert escape(text) in english and escape(text) not in spanish
    assert "Prohibir los agentes enmascarados y exigir identificación visible" in spanish
    assert "ICE OUT: el Congreso debe poner límites al DHS" in spanish
    assert re.search(r"resolución, versión [\d.]+; para: ciudad, condado", spanish)


def test_the_document_language_menu_offers_bilingual_and_english_in_the_gaps(
    client: Client,
) -> None:
    page = client.http.get("/?language=en-es&fallback=on").text
    assert '<option value="en-es" selected>Bilingual (English | Español)</option>' in page
    assert '<option value="es">Español (Spanish)</option>' in page
    assert Page(page).labels["fallback"] == "English where a translation is missing"
    assert 'id="fallback" name="fallback" value="on" checked' in page
    spanish = client.http.get("/?ui=es&language=es").text
    assert '<option value="es" selected>Español</option>' in spanish
    assert '<option value="en">English (inglés)</option>' in spanish
    for unknown in ("en-en", "en-xx", "es-en"):
        response = client.http.get(f"/?language={unknown}")
        assert f"unknown language &#39;{unknown}&#39;" in response.text
        assert '<option value="en" selected>' in response.text


def test_bilingual_downloads_are_the_librarys_bytes_under_the_clis_names(
    client: Client,
) -> None:
    catalogue = toolkit.load_catalogue(TEMPLATES)
    riverbend = toolkit.load_data(EXAMPLE_DATA).pick("riverbend-ca")
    request = toolkit.DocumentRequest("ice-out", riverbend, language="es", bilingual=True)
    response = client.document("docx", language="en-es")
    name = request.relpath("docx").split("/")[-1]
    assert name == "riverbend-ca_ice-out.en-es.docx"
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert response.content == toolkit.to_bytes(toolkit.render(catalogue, request), "docx")
    cells = docx_cells(response.content)
    assert "WHEREAS" in cells and "CONSIDERANDO QUE" in cells and "Ciudad de Riverbend" in cells
    archive = zipfile.ZipFile(io.BytesIO(client.document("zip", language="en-es").content))
    assert "riverbend-ca_ice-out_brief.en-es.pdf" in archive.namelist()
    assert "riverbend-ca_ice-out.en-es.docx" in archive.namelist()


def test_the_preview_shows_prominently_that_a_translation_is_not_yet_reviewed(
    client: Client,
) -> None:
    english = client.http.get("/?language=es").text
    assert 'class="unreviewed"' in english and "Translation not yet reviewed" in english
    assert re.search(r"\d+ passage\(s\) of this draft use a translation", english)
    assert "TRADUCCIÓN AÚN NO REVISADA" in english  # the document's own notice, page 1
    assert 'class="unreviewed"' not in client.http.get("/").text
    gaps = client.http.get("/?ui=es&language=ko&fallback=on").text
    assert "Traducción aún no revisada" in gaps
    assert re.search(r"\d+ pasaje\(s\) están en inglés, en cursiva gris", gaps)
    assert '<span class="fallback" lang="en">' in gaps  # the writer's marked English


def test_names_in_the_documents_language_are_shown_and_kept(client: Client) -> None:
    english_page = client.http.get("/").text
    assert 'name="translations.es.body" value="Concejo Municipal"' in english_page  # carried
    spanish_page = client.http.get("/?language=es").text
    page = Page(spanish_page)
    assert page.labels["f-translations-es-body"] == "translations.es.body"
    assert page.inputs["translations.es.body"]["value"] == "Concejo Municipal"
    assert "English: City Council" in page.text_by_id["f-translations-es-body-help"]
    # the form as the page posts it back gives the same Spanish draft as the data file
    for source in (english_page, spanish_page):
        fields = form_fields(source)
        fields.update(language=["es"], action=["docx"])
        response = client.post("/document", fields)
        assert response.status_code == 200
        text = docx_text(response.content)
        assert "CIUDAD DE RIVERBEND" in text.upper() and "Concejo Municipal" in text
    # a name typed in the form reaches the draft; an empty box keeps the English
    fields = form_fields(spanish_page)
    fields.update(
        {"translations.es.body": ["Cabildo"], "translations.es.name": [""], "action": ["docx"]}
    )
    text = docx_text(client.post("/document", fields).content)
    assert "Cabildo" in text and "City of Riverbend" in text


def test_a_bad_translated_name_is_shown_next_to_its_box(client: Client) -> None:
    response = client.new_city("pdf", language="es", **{"translations.es.local_facts": "uno\ndos"})
    assert response.status_code == 422
    assert "translations.es.local_facts has 2 item(s) for the 0 of local_facts" in response.text


@pytest.fixture(scope="module")
def gappy_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's templates with one Spanish clause and one option label untranslated."""
    copy = tmp_path_factory.mktemp("gappy") / "templates"
    shutil.copytree(TEMPLATES, copy, ignore=shutil.ignore_patterns("__pycache__"))
    po = copy / "resolutions" / "ice-out" / "locales" / "es.po"
    text = po.read_text(encoding="utf-8")
    for seg_id in ("item.masks-and-id", "option.masks-and-id"):
        pattern = re.compile(rf'(msgctxt "{re.escape(seg_id)}"\n(?:.*\n)*?msgstr )(?:".*"\n)+')
        text, count = pattern.subn(r'\1""\n', text, count=1)
        assert count == 1, seg_id
    po.write_text(text, encoding="utf-8")
    return copy


def test_a_missing_spanish_clause_is_shown_next_to_the_language_in_the_clis_words(
    gappy_templates: Path, tmp_path: Path
) -> None:
    client = Client(create_app(data=EXAMPLE_DATA, templates=gappy_templates, hosts=["127.0.0.1"]))
    result = CliRunner().invoke(
        cli_app,
        ["generate", "ice-out", "riverbend-ca", "--lang", "es", "--format", "docx"]
        + [
            "--templates",
            str(gappy_templates),
            "--data",
            str(EXAMPLE_DATA),
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code != 0
    cli_lines = [line.removeprefix("error: ") for line in result.stderr.splitlines()]
    problem = next(line for line in cli_lines if "'item.masks-and-id' has no Spanish" in line)
    assert "pass --fallback-english" in result.stderr
    page = client.http.get("/?language=es").text
    slot = Page(page).text_by_id["language-error"]
    assert (
        html.unescape(problem) in slot and 'Tick "English where a translation is missing"' in slot
    )
    assert 'aria-describedby="language-help language-error" aria-invalid="true"' in page
    refused = client.document("pdf", language="es")
    assert refused.status_code == 422 and "content-disposition" not in refused.headers
    assert f'<a href="#language">{escape(problem)}</a>' in refused.text
    assert '<a href="#fallback">' in refused.text
    live = client.post(
        "/preview", {"policy": "ice-out", "jurisdiction": "riverbend-ca", "language": "es"}
    )
    assert 'id="language-error" hx-swap-oob="true"' in live.text and escape(problem) in live.text
    # with English in the gap: the file, the clause marked, and the label in English on a Spanish page
    response = client.document("pdf", language="es", fallback="on")
    assert 'filename="riverbend-ca_ice-out.es.pdf"' in response.headers["content-disposition"]
    assert MASKS_CLAUSE in pdf_text(response.content)  # the English clause, marked
    spanish = client.http.get("/?ui=es&language=es&fallback=on").text
    label = '<label for="f-options-ice-out-masks-and-id" lang="en">'
    assert f"{label}Ban masked agents and require visible identification</label>" in spanish
    assert "1 pasaje(s) están en inglés" in spanish
    assert_spanish(spanish)
