"""The Spanish drafts read as Spanish: no "a el"/"de el", no "Estimado/a", and no adjective or
participle that fails to agree with the place ("la Ciudad está sujeto", "el Condado, como
propietaria"), for every bundled jurisdiction, every policy it can have and every part of its
packet, in plain text (no PDF)."""

from __future__ import annotations

import re

import pytest

from toolkit.data.loading import load_jurisdictions
from toolkit.errors import UsageError
from toolkit.i18n.catalog import read_catalog
from toolkit.packet.officials import recipients
from toolkit.packet.parts import PARTS
from toolkit.templating.catalogue import Catalogue

from conftest import EXAMPLE_DATA, TEMPLATES

JURISDICTIONS = load_jurisdictions(EXAMPLE_DATA)

CONTRACTION = re.compile(r"\b(?:[Aa]|[Dd]e) el\b")
"""'a el', 'de el' before the article: Spanish writes 'al', 'del' ('de El Salvador' is a name)."""

SLASHED = re.compile(r"\b[Ee]stimad[oa]s?\s*(?:/|\()|\b\w+(?:o/a|a/o|os/as|as/os)\b")
"""'Estimado/a', 'Estimada/o', 'Estimado(a)' and other slashed genders."""

FEMININE_PLACES = r"[Ll]a Ciudad y Condado|[Ll]a Ciudad|[Ll]a Villa"
MASCULINE_PLACES = r"[Ee]l Condado|[Ee]l Distrito|[Ee]l Pueblo"
AGREEING = r"sujet|obligad|autorizad|facultad|comprometid|exhortad|propietari|sí mism"
_NOT_OF = r"(?<!\bde )(?<!\ba )(?<!\bcon )"
"""The place as subject: not 'el director administrativo de la Ciudad queda autorizado'."""
AGREEMENT = [
    re.compile(rf"{_NOT_OF}\b(?:{FEMININE_PLACES})\b[^.;:]{{0,40}}?\b(?:{AGREEING})os?\b"),
    re.compile(rf"{_NOT_OF}\b(?:{MASCULINE_PLACES})\b[^.;:]{{0,40}}?\b(?:{AGREEING})as?\b"),
    re.compile(rf"\b(?:{AGREEING})[oa]s?,? (?:{FEMININE_PLACES}|{MASCULINE_PLACES})\b"),
]
"""The place with an adjective or participle that has to agree with it: the translations are
worded so that none does ('debe cumplir', 'en su calidad de titular'), since the same clause
serves 'la Ciudad' and 'el Condado'."""


def _documents(catalogue: Catalogue) -> dict[str, str]:
    """Every Spanish part, by name, as one line of plain text."""
    found: dict[str, str] = {}
    for jurisdiction in JURISDICTIONS:
        for policy in catalogue.policies.values():
            if not policy.applies_to(jurisdiction.kind):
                continue
            requests: list[tuple[str, dict[str, bool], str, str | None]] = [
                ("draft", {}, "draft", None),
                ("draft, every option", dict.fromkeys(policy.meta.options, True), "draft", None),
                ("draft, no option", dict.fromkeys(policy.meta.options, False), "draft", None),
            ]
            requests += [(part, {}, part, None) for part in PARTS if part not in ("draft", LETTER)]
            requests += [
                (f"{LETTER} {who.id}", {}, LETTER, who.id)
                for who in recipients(TEMPLATES, jurisdiction)
            ]
            for name, chosen, part, recipient in requests:
                try:
                    document = catalogue.render(
                        policy, jurisdiction, chosen, language="es", part=part, recipient=recipient
                    )
                except UsageError:  # a policy the state's law forbids
                    break
                text = " ".join(document.plain_text().split())
                found[f"{jurisdiction.id} {policy.id} {name}"] = text
    return found


LETTER = "cover-letter"


@pytest.fixture(scope="module")
def documents(catalogue: Catalogue) -> dict[str, str]:
    return _documents(catalogue)


def _found(documents: dict[str, str], patterns: list[re.Pattern[str]]) -> list[str]:
    """Each offending phrase once, with the first document that has it."""
    seen: dict[str, str] = {}
    for name, text in documents.items():
        for pattern in patterns:
            for match in pattern.finditer(text):
                phrase = text[max(0, match.start() - 30) : match.end() + 10]
                seen.setdefault(text[match.start() : match.end() + 12], f"{name}: ...{phrase}...")
    return sorted(seen.values())


def test_every_kind_and_part_is_rendered(documents: dict[str, str]) -> None:
    kinds = {j.kind for j in JURISDICTIONS}
    assert kinds == {"city", "county", "city_county", "school_board"}
    names = " | ".join(documents)
    for jid in ("riverbend-ca", "sierra-alta-county-ca", "bayport-ca", "arroyo-verde-usd-ca"):
        assert f"{jid} ice-out draft" in names and f"{jid} ice-out brief" in names
    assert "palo-seco-ca no-secret-police draft" in names  # a contract city
    assert "cedar-sound-county-wa ice-out draft" in names  # a county that acts by motion
    assert "harpeth-falls-tn" in names  # a town: "el Pueblo"
    assert not any(name.startswith("mesquite-springs-tx end-enforcement") for name in documents)


def test_no_uncontracted_a_el_or_de_el(documents: dict[str, str]) -> None:
    assert _found(documents, [CONTRACTION]) == []


def test_no_slashed_salutation_or_gender(documents: dict[str, str]) -> None:
    assert _found(documents, [SLASHED]) == []


def test_nothing_has_to_agree_with_the_place(documents: dict[str, str]) -> None:
    assert _found(documents, AGREEMENT) == []


def test_the_checks_can_see_what_they_look_for() -> None:
    assert CONTRACTION.search("Acerca de el Condado de Sierra Alta")
    assert not CONTRACTION.search("de El Salvador, y a él")
    assert SLASHED.search("Estimado/a miembro:") and SLASHED.search("Estimada/o Sra.")
    bad = [
        "CONSIDERANDO QUE la Ciudad está sujeto a Civil Code section 1670.9",
        "el Condado está obligada a cumplir",
        "la Ciudad queda autorizado para",
        "y el Distrito, como propietaria de sus bienes, decide",
        "la Ciudad y Condado puede decidir por sí mismo si",
    ]
    good = [
        "CONSIDERANDO QUE la Ciudad debe cumplir Civil Code section 1670.9",
        "el director administrativo de la Ciudad queda autorizado para",
        "y el Condado, en su calidad de titular de sus bienes, decide",
    ]
    assert all(any(p.search(text) for p in AGREEMENT) for text in bad)
    assert not any(p.search(text) for p in AGREEMENT for text in good)


SLOT = (
    r"\{\{ ?(?:terms\.(?:place|Place|the_name|the_body|agency|the_police|the_sheriff|the_clerk"
    r"|the_superintendent)|j\.[\w.]+|le|sh_name|pd_name)\b[^}]*\}\}"
)
AGREES_WITH_SLOT = re.compile(
    rf"{SLOT}(?:\s*{SLOT})*[^.;:{{}}]{{0,40}}?\b(?:{AGREEING})(?:o|a|os|as)\b"
    rf"|\b(?:{AGREEING})(?:o|a|os|as),? {SLOT}"
)
"""In a translation, a word that would have to agree with a name or a word by kind that the data
chooses ('{{ terms.place }} está sujeto', '{{ le }} está sujeta'): it is right for one kind and
wrong for another, so the catalogs say it another way ('debe cumplir')."""


def test_no_translation_makes_a_word_agree_with_a_slot() -> None:
    found = []
    for po in sorted(TEMPLATES.glob("**/locales/es.po")):
        for entry in read_catalog(po, "es").entries.values():
            text = " ".join(entry.translation.split())
            found += [
                f"{po.relative_to(TEMPLATES)} {entry.id}: {match.group(0)}"
                for match in AGREES_WITH_SLOT.finditer(text)
            ]
    assert found == []
    assert AGREES_WITH_SLOT.search("{{ terms.place }} está sujeto a {{ law.x }}")
    assert AGREES_WITH_SLOT.search("y {{ terms.place }}, como propietario de sus bienes")
    assert AGREES_WITH_SLOT.search("{{ terms.the_body | capitalize }} {{ j.body }} está comprometida")
    assert not AGREES_WITH_SLOT.search("{{ terms.place }} debe cumplir {{ law.x }}")
