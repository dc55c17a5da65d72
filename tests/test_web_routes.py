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

import httpx2
import pytest
import yaml
from starlette.datastructures import FormData
from starlette.routing import Route
from starlette.testclient import TestClient
from typer.testing import CliRunner

import toolkit
from toolkit.cli.app import app as cli_app
from toolkit.templating import rendering
from toolkit.web.app import create_app
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
    assert sorted(archive.namelist()) == [
        "riverbend-ca_answers.yaml",
        "riverbend-ca_ice-out.docx",
        "riverbend-ca_ice-out.pdf",
        "riverbend-ca_ice-out_brief.docx",
        "riverbend-ca_ice-out_brief.pdf",
    ]
    assert "talking points" in docx_text(archive.read("riverbend-ca_ice-out_brief.docx")).lower()


def test_preview_lists_blanks_highlights_them_and_shows_the_legal_warning(client: Client) -> None:
    html = client.http.get("/?policy=ice-out&jurisdiction=mesquite-springs-tx").text
    catalogue = toolkit.load_catalogue(TEMPLATES)
    texas = toolkit.load_data(EXAMPLE_DATA).pick("mesquite-springs-tx")
    page = Page(html)
    assert "still blank, for the clerk to fill in: number, date of adoption" in html
    assert '<span class="blank">[number]</span>' in html
    warning = catalogue.legal_warning(texas)
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
            started = time.monotonic()
            slow["response"] = http.post("/document", data={**form, "policy": "endless"})
            slow["seconds"] = time.monotonic() - started

        worker = threading.Thread(target=endless)
        worker.start()
        time.sleep(0.2)
        started = time.monotonic()
        assert http.get("/").status_code == 200
        quick = http.post("/preview", data={**form, "policy": "ice-out"})
        assert quick.status_code == 200 and MASKS_CLAUSE in quick.text
        assert time.monotonic() - started < 0.7 and worker.is_alive()
        worker.join(timeout=10)
    assert slow["response"].status_code == 422
    assert "took longer than 1 seconds" in html.unescape(slow["response"].text)
    assert slow["seconds"] < 2.5


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
