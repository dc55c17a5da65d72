"""Every piece of text the web app shows, in one place per language: English and Spanish.

Another interface language is one more mapping in `MESSAGES` with the same keys, and its code and
own name in `UI_LANGUAGES`: no code changes. A key missing from a translation falls back to
English, so a partial translation is usable. Values are `str.format` templates (`{name}`); pages
escape them, so they hold plain text, never markup.

Field help: `help.<field>` overrides the model's own description of a field, so that the text a
page shows can be translated too; fields the models do not describe are described here. English
pages show the models' descriptions; every other language describes every field itself.

What the command line would say (a field's error, a missing translation) is shown in its words,
in English, on every page: the same words as `policykit validate`, the README and the issue
tracker use, so that staff can search for them.
"""

from __future__ import annotations

from collections.abc import Mapping

ENGLISH_UI: dict[str, str] = {
    # page frame
    "app.name": "policykit",
    "app.tagline": "Model policies, tailored for your council or board",
    "skip": "Skip to the form",
    "footer.disclaimer": (
        "The drafts are model language, not legal advice: counsel should review every draft "
        "before it is introduced."
    ),
    "footer.local": "This app runs on your own computer; nothing you type leaves it.",
    # the workspace
    "page.title": "Draft a policy",
    "page.heading": "Draft a policy for your jurisdiction",
    "page.lede": (
        "Pick a policy and a jurisdiction, then download the draft. Tailor it below and watch "
        "the preview change; the downloads have the same text."
    ),
    "step.choose": "1. Choose",
    "step.details": "2. The jurisdiction",
    "step.tailor": "3. Tailor",
    "step.preview": "4. Preview",
    "step.more": "5. More downloads",
    "step.keep": "6. Keep your answers",
    "policy.label": "Policy",
    "policy.all": "About every policy",
    "policy.other_group": "Other policies",
    "policy.facts": "{type}, version {version}; for: {kinds}",
    "jurisdiction.label": "Jurisdiction",
    "jurisdiction.from_file": "In the data file ({file})",
    "jurisdiction.new_group": "Not in the data file: fill in its details",
    "jurisdiction.option": "{name} ({state})",
    "language.label": "Language of the document",
    "language.help": "A translated draft says on page 1 when its translation is not yet reviewed.",
    "language.option": "{native} ({name})",
    "language.bilingual_group": "Side by side, for public posting",
    "language.bilingual": "Bilingual (English | {language})",
    "fallback.label": "English where a translation is missing",
    "fallback.help": (
        "Otherwise a draft whose translation is missing or out of date is refused. The English "
        "shows in grey italics, marked, and page 1 says so."
    ),
    "translation.more": "... and {count} more, listed in the preview.",
    "translation.hint": (
        'Tick "English where a translation is missing" to show the English there, marked.'
    ),
    "ui.label": "Language of these screens",
    "choose.hint": (
        "Changing the policy or the jurisdiction reloads the form below. Without JavaScript, "
        "press Preview after changing them."
    ),
    "button.preview": "Preview",
    "button.docx": "Download Word (DOCX)",
    "button.pdf": "Download PDF",
    "button.brief_docx": "Download the brief as Word",
    "button.brief_pdf": "Download the brief as a PDF",
    "button.zip": "Download everything (zip)",
    "button.answers": "Download answers",
    "button.save": "Save to data file",
    "button.load": "Load answers",
    "more.hint": (
        "The brief is the talking points, answers and sources for the official carrying the "
        "policy. The zip holds the whole packet in both formats (the draft, a staff report, the "
        "brief, a press release, a public-comment letter and any cover letters), and your answers."
    ),
    # tailoring
    "options.legend": "Clauses",
    "options.hint": "Untick a clause to leave it out of the draft.",
    "options.none": "This policy has no optional clauses.",
    "number.help": "The document number, e.g. 2026-41; otherwise a blank for the clerk.",
    "facts.legend": "local_facts",
    "facts.hint": (
        "A local figure with its source and year becomes an extra WHEREAS clause. Fill in the "
        "empty one to add a fact; clear all three boxes to remove one."
    ),
    "facts.one": "Local fact {number}",
    "facts.new": "New local fact",
    # the details
    "details.summary_new": "Details of the new {kind}",
    "details.summary": "Details of {name}",
    "details.hint": (
        "Each box is named as in a jurisdictions file. Required boxes are marked; leave the "
        "others empty for the defaults."
    ),
    "details.kind": "kind: {kind}",
    "field.required": "Required.",
    "field.lines": "One per line.",
    "field.date": "A date: YYYY-MM-DD or MM/DD/YYYY.",
    # preview
    "preview.blanks": "still blank, for the clerk to fill in: {blanks}",
    "preview.no_blanks": "Nothing is left blank.",
    "preview.legal": "Legal review",
    "preview.unreviewed_heading": "Translation not yet reviewed",
    "preview.unreviewed": (
        "{count} passage(s) of this draft use a translation that no named reviewer has approved "
        "yet. Have a qualified translator check it against the English before it is posted or "
        "presented. Page 1 of the draft says so too."
    ),
    "preview.fallback": (
        "{count} passage(s) are in English, in grey italics, because their {language} "
        "translation is missing or out of date."
    ),
    "preview.fallback_where": "Which passages",
    "preview.needs": "To see the preview, fill in: {fields}",
    "preview.fix": "To see the preview, fix the problems marked in the form.",
    "preview.failed": "The preview could not be made:",
    "preview.document": "Preview of the draft",
    "preview.updated": "Preview updated.",
    "preview.updated_blanks": "Preview updated; {count} blank(s) left.",
    "preview.not_updated": "The preview is waiting for the form to be completed.",
    # keeping answers
    "keep.hint": (
        "Download your answers to keep them or to use them with policykit generate --data "
        "FILE, and load them back here later."
    ),
    "keep.file_label": "Answers file",
    "keep.file_help": "A .yaml file downloaded with Download answers.",
    "keep.save_hint": "Adds this jurisdiction to {file}, or replaces the entry with its id.",
    "keep.save_bundled": (
        "The example data bundled with policykit cannot be changed here: start the app with "
        "--data FILE to save into your own jurisdictions file."
    ),
    "keep.save_csv": (
        "{file} is a spreadsheet (CSV): edit it in the spreadsheet, or start the app with a "
        "YAML file (--data FILE) to save from here."
    ),
    "answers.header": (
        "policykit answers: one jurisdiction, in the format of a jurisdictions file.\n"
        'Load it back with "Load answers" in policykit serve, or use it on the command line:\n'
        "  policykit generate {policy} {id} --data {file}"
    ),
    "answers.incomplete": "Incomplete: fill in what is missing before generating from it.",
    # outcomes
    "summary.heading": "There is a problem",
    "summary.heading_many": "There are {count} problems",
    "summary.intro": "Nothing you typed was lost. Fix these and try again:",
    "saved": "Saved {id} to {file}.",
    "saved.backup": "Saved {id} to {file}; the previous file is kept as {backup}.",
    "loaded": "Loaded the answers for {id}.",
    "loaded.no_id": "Loaded the answers from the file.",
    "load.failed": "The answers file could not be loaded: {reason}",
    "load.missing": "Choose an answers file first.",
    "save.refused": "Nothing was saved: {reason}",
    "stale": (
        "This page is older than the server, which has been restarted since, so nothing was "
        "done. Your answers are all below: press the button again."
    ),
    "stale.load": (
        "This page is older than the server, which has been restarted since, so the file was "
        "not loaded: choose it again and press Load answers."
    ),
    "data.problems": "The data file has problems; those entries are left out of the menu:",
    "data.missing": "{file} does not exist yet: the first save creates it.",
    "unknown.policy": "unknown policy '{id}'",
    "unknown.language": "unknown language '{code}'",
    # kinds, as menus name them
    "kind.city": "city",
    "kind.county": "county",
    "kind.city_county": "city and county",
    "kind.school_board": "school board",
    "jurisdiction.new.city": "Another city",
    "jurisdiction.new.county": "Another county",
    "jurisdiction.new.city_county": "Another city and county",
    "jurisdiction.new.school_board": "Another school board",
    # policy types
    "type.resolution": "resolution",
    "type.ordinance": "ordinance",
    # the jurisdiction's names in the document's language
    "names.legend": "Names in {language}",
    "names.hint": (
        "As the jurisdiction's own agendas in {language} print them. Leave a box empty to keep "
        "the English as written, as a proper name. Lists: one item per line, in the order of "
        "the English."
    ),
    "names.english": "English: {text}",
    "names.english_none": "No English text given.",
    # error pages
    "error.title": "Something went wrong",
    "error.400": (
        "This server answers only at its own address, such as http://127.0.0.1:8000/ (a page "
        "elsewhere tried to reach it under another name)."
    ),
    "error.403": (
        "This form has expired (the server was restarted, or the page came from another "
        "site), so nothing was done."
    ),
    "error.404": "There is no page at this address.",
    "error.405": "This address does not take that kind of request.",
    "error.413": "That was too much data for one request (an answers file is a few kilobytes).",
    "error.500": "The server failed to handle this request; the details are in its terminal.",
    "error.back": "Back to the start",
    # help for fields the models do not describe
    "help.id": (
        "Letters a-z, digits and hyphens, used in file names, e.g. san-jose-ca. Leave it empty "
        "to make one from the name and state."
    ),
    "help.name": 'The official name as printed after "the": City of San José.',
    "help.state": "The two-letter USPS code: CA.",
    "help.body": "The legislative body: City Council, Board of Supervisors, Board of Education.",
    "help.presiding_officer": "Who signs: the mayor, chair or board president.",
    "help.clerk": "Who attests the signature and certifies the vote.",
    "help.page": "Page setup.",
    "help.page.margin_in": "Page margins in inches, from 0.5 to 2; 1 if empty.",
    "help.officer.title": "The office, e.g. Mayor, Chair of the Board of Supervisors, City Clerk.",
    "help.officer.name": "The person's name as it is to be printed.",
    "help.local_facts.text": "The fact, as the clause will state it.",
    "help.local_facts.source": "Where it comes from, so the draft can be checked.",
    "help.local_facts.year": "The year of the figure, e.g. 2024.",
}

SPANISH_UI: dict[str, str] = {
    # page frame
    "app.name": "policykit",
    "app.tagline": "Políticas modelo, adaptadas a su concejo o junta",
    "skip": "Ir al formulario",
    "footer.disclaimer": (
        "Los proyectos son textos modelo, no asesoría jurídica: el asesor jurídico debe revisar "
        "cada proyecto antes de presentarlo."
    ),
    "footer.local": (
        "Esta aplicación funciona en su propia computadora; nada de lo que escriba sale de ella."
    ),
    # the workspace
    "page.title": "Redactar una política",
    "page.heading": "Redacte una política para su jurisdicción",
    "page.lede": (
        "Elija una política y una jurisdicción, y descargue el proyecto. Adáptelo más abajo y "
        "vea cómo cambia la vista previa; las descargas tienen el mismo texto."
    ),
    "step.choose": "1. Elegir",
    "step.details": "2. La jurisdicción",
    "step.tailor": "3. Adaptar",
    "step.preview": "4. Vista previa",
    "step.more": "5. Más descargas",
    "step.keep": "6. Guardar sus respuestas",
    "policy.label": "Política",
    "policy.all": "Acerca de cada política",
    "policy.other_group": "Otras políticas",
    "policy.facts": "{type}, versión {version}; para: {kinds}",
    "jurisdiction.label": "Jurisdicción",
    "jurisdiction.from_file": "En el archivo de datos ({file})",
    "jurisdiction.new_group": "No está en el archivo de datos: ingrese sus datos",
    "jurisdiction.option": "{name} ({state})",
    "language.label": "Idioma del documento",
    "language.help": (
        "Un proyecto traducido indica en la página 1 si su traducción aún no ha sido revisada."
    ),
    "language.option": "{native} ({name})",
    "language.bilingual_group": "Lado a lado, para publicación",
    "language.bilingual": "Bilingüe (English | {language})",
    "fallback.label": "Inglés donde falte una traducción",
    "fallback.help": (
        "De lo contrario, no se genera un proyecto cuya traducción falte o esté desactualizada. "
        "El inglés aparece en cursiva gris, marcado, y la página 1 lo indica."
    ),
    "translation.more": "... y {count} más, que se enumeran en la vista previa.",
    "translation.hint": (
        'Marque "Inglés donde falte una traducción" para mostrar allí el texto en inglés, marcado.'
    ),
    "ui.label": "Idioma de estas pantallas",
    "choose.hint": (
        "Al cambiar la política o la jurisdicción, el formulario de abajo se vuelve a cargar. "
        "Sin JavaScript, oprima Vista previa después de cambiarlas."
    ),
    "button.preview": "Vista previa",
    "button.docx": "Descargar Word (DOCX)",
    "button.pdf": "Descargar PDF",
    "button.brief_docx": "Descargar el resumen en Word",
    "button.brief_pdf": "Descargar el resumen en PDF",
    "button.zip": "Descargar todo (zip)",
    "button.answers": "Descargar respuestas",
    "button.save": "Guardar en el archivo de datos",
    "button.load": "Cargar respuestas",
    "more.hint": (
        "El resumen reúne los puntos clave, las respuestas y las fuentes para el funcionario que "
        "presenta la política. El zip contiene todo el paquete en ambos formatos (el proyecto, un "
        "informe del personal, el resumen, un comunicado de prensa, una carta de comentario "
        "público y, si las hay, cartas de presentación), y sus respuestas."
    ),
    # tailoring
    "options.legend": "Cláusulas",
    "options.hint": "Desmarque una cláusula para dejarla fuera del proyecto.",
    "options.none": "Esta política no tiene cláusulas opcionales.",
    "number.help": (
        "El número del documento, p. ej. 2026-41; si no, queda un espacio en blanco para que la "
        "Secretaría lo complete."
    ),
    "facts.legend": "local_facts",
    "facts.hint": (
        "Un dato local con su fuente y su año se convierte en una cláusula adicional de "
        "CONSIDERANDO QUE (WHEREAS). Llene el grupo vacío para agregar un dato; borre sus tres "
        "recuadros para quitarlo."
    ),
    "facts.one": "Dato local {number}",
    "facts.new": "Nuevo dato local",
    # the details
    "details.summary_new": "Datos de la nueva jurisdicción ({kind})",
    "details.summary": "Datos de {name}",
    "details.hint": (
        "Cada recuadro lleva el nombre que tiene en un archivo de jurisdicciones. Los "
        "obligatorios están marcados; deje los demás vacíos para usar los valores "
        "predeterminados."
    ),
    "details.kind": "kind: {kind}",
    "field.required": "Obligatorio.",
    "field.lines": "Uno por línea.",
    "field.date": "Una fecha: AAAA-MM-DD o MM/DD/AAAA.",
    # preview
    "preview.blanks": "Espacios en blanco que la Secretaría debe completar: {blanks}",
    "preview.no_blanks": "No queda ningún espacio en blanco.",
    "preview.legal": "Revisión jurídica",
    "preview.unreviewed_heading": "Traducción aún no revisada",
    "preview.unreviewed": (
        "{count} pasaje(s) de este proyecto usan una traducción que ningún revisor identificado "
        "ha aprobado todavía. Pida a un traductor calificado que la compare con el inglés antes "
        "de publicar o presentar el proyecto. La página 1 del proyecto también lo indica."
    ),
    "preview.fallback": (
        "{count} pasaje(s) están en inglés, en cursiva gris, porque su traducción al {language} "
        "falta o está desactualizada."
    ),
    "preview.fallback_where": "Qué pasajes",
    "preview.needs": "Para ver la vista previa, complete: {fields}",
    "preview.fix": "Para ver la vista previa, corrija los problemas marcados en el formulario.",
    "preview.failed": "No se pudo generar la vista previa:",
    "preview.document": "Vista previa del proyecto",
    "preview.updated": "Vista previa actualizada.",
    "preview.updated_blanks": "Vista previa actualizada; quedan {count} espacio(s) en blanco.",
    "preview.not_updated": "La vista previa espera a que se complete el formulario.",
    # keeping answers
    "keep.hint": (
        "Descargue sus respuestas para conservarlas o para usarlas con policykit generate "
        "--data ARCHIVO, y vuelva a cargarlas aquí más adelante."
    ),
    "keep.file_label": "Archivo de respuestas",
    "keep.file_help": "Un archivo .yaml descargado con Descargar respuestas.",
    "keep.save_hint": "Agrega esta jurisdicción a {file}, o reemplaza la entrada con el mismo id.",
    "keep.save_bundled": (
        "Los datos de ejemplo que vienen con policykit no se pueden cambiar aquí: inicie la "
        "aplicación con --data ARCHIVO para guardar en su propio archivo de jurisdicciones."
    ),
    "keep.save_csv": (
        "{file} es una hoja de cálculo (CSV): modifíquela en la hoja de cálculo, o inicie la "
        "aplicación con un archivo YAML (--data ARCHIVO) para guardar desde aquí."
    ),
    "answers.header": (
        "Respuestas de policykit: una jurisdicción, en el formato de un archivo de "
        "jurisdicciones.\n"
        'Vuelva a cargarlas con "Cargar respuestas" en policykit serve, o úselas en la línea '
        "de comandos:\n"
        "  policykit generate {policy} {id} --data {file}"
    ),
    "answers.incomplete": (
        "Incompletas: llene lo que falta antes de generar un documento a partir de ellas."
    ),
    # outcomes
    "summary.heading": "Hay un problema",
    "summary.heading_many": "Hay {count} problemas",
    "summary.intro": (
        "No se perdió nada de lo que escribió. Corrija lo siguiente y vuelva a intentarlo:"
    ),
    "saved": "Se guardó {id} en {file}.",
    "saved.backup": "Se guardó {id} en {file}; el archivo anterior se conserva como {backup}.",
    "loaded": "Se cargaron las respuestas de {id}.",
    "loaded.no_id": "Se cargaron las respuestas del archivo.",
    "load.failed": "No se pudo cargar el archivo de respuestas: {reason}",
    "load.missing": "Primero elija un archivo de respuestas.",
    "save.refused": "No se guardó nada: {reason}",
    "stale": (
        "Esta página es anterior al último reinicio del servidor, así que no se hizo nada. "
        "Todas sus respuestas están abajo: vuelva a oprimir el botón."
    ),
    "stale.load": (
        "Esta página es anterior al último reinicio del servidor, así que no se cargó el "
        "archivo: vuelva a elegirlo y oprima Cargar respuestas."
    ),
    "data.problems": "El archivo de datos tiene problemas; esas entradas no aparecen en el menú:",
    "data.missing": "{file} todavía no existe: se creará al guardar por primera vez.",
    "unknown.policy": "no existe la política '{id}'",
    "unknown.language": "no existe el idioma '{code}'",
    # kinds, as menus name them
    "kind.city": "ciudad",
    "kind.county": "condado",
    "kind.city_county": "ciudad y condado",
    "kind.school_board": "junta escolar",
    "jurisdiction.new.city": "Otra ciudad",
    "jurisdiction.new.county": "Otro condado",
    "jurisdiction.new.city_county": "Otra ciudad y condado",
    "jurisdiction.new.school_board": "Otra junta escolar",
    # policy types
    "type.resolution": "resolución",
    "type.ordinance": "ordenanza",
    # the jurisdiction's names in the document's language
    "names.legend": "Nombres en {language}",
    "names.hint": (
        "Tal como los imprimen las agendas en {language} de la propia jurisdicción. Deje un "
        "recuadro vacío para conservar el nombre en inglés tal como está escrito, como nombre "
        "propio. Listas: un elemento por línea, en el mismo orden que en inglés."
    ),
    "names.english": "En inglés: {text}",
    "names.english_none": "No hay texto en inglés.",
    # error pages
    "error.title": "Algo salió mal",
    "error.400": (
        "Este servidor solo responde en su propia dirección, como http://127.0.0.1:8000/ (una "
        "página de otro sitio intentó llegar a él con otro nombre)."
    ),
    "error.403": (
        "Este formulario venció (el servidor se reinició, o la página venía de otro sitio), "
        "así que no se hizo nada."
    ),
    "error.404": "No hay ninguna página en esta dirección.",
    "error.405": "Esta dirección no acepta ese tipo de solicitud.",
    "error.413": (
        "Son demasiados datos para una sola solicitud (un archivo de respuestas ocupa unos "
        "pocos kilobytes)."
    ),
    "error.500": (
        "El servidor no pudo atender esta solicitud; los detalles aparecen en su terminal."
    ),
    "error.back": "Volver al inicio",
    # help for fields the models do not describe
    "help.id": (
        "Letras de la a a la z, dígitos y guiones; se usa en los nombres de archivo, p. ej. "
        "san-jose-ca. Déjelo vacío para formarlo con el nombre y el estado."
    ),
    "help.name": (
        'El nombre oficial en inglés, tal como se imprime después de "the": City of San José. '
        "Su nombre en español va en translations.es.name, con Español como idioma del "
        "documento."
    ),
    "help.state": "El código de dos letras del Servicio Postal (USPS): CA.",
    "help.body": (
        "El órgano legislativo, en inglés: City Council, Board of Supervisors, Board of Education."
    ),
    "help.presiding_officer": (
        "Quien firma: el alcalde o la alcaldesa, o quien preside la junta o el concejo."
    ),
    "help.clerk": "Quien da fe de la firma y certifica la votación.",
    "help.page": "Formato de la página.",
    "help.page.margin_in": "Márgenes de la página en pulgadas, de 0.5 a 2; 1 si se deja vacío.",
    "help.officer.title": (
        "El cargo, en inglés, p. ej. Mayor, Chair of the Board of Supervisors, City Clerk."
    ),
    "help.officer.name": "El nombre de la persona tal como debe imprimirse.",
    "help.local_facts.text": "El dato, tal como lo enunciará la cláusula.",
    "help.local_facts.source": "De dónde proviene, para que se pueda verificar el proyecto.",
    "help.local_facts.year": "El año del dato, p. ej. 2024.",
    # the fields the models describe (English pages show the models' own descriptions)
    "help.short_name": (
        "El nombre que se usa dentro del texto, p. ej. 'San José'; si se deja vacío, se usa name."
    ),
    "help.counsel": (
        "El abogado de la ciudad (City Attorney) o del condado (County Counsel): agrega la firma "
        "de «aprobado en cuanto a la forma»."
    ),
    "help.congressional_delegation": (
        "Los miembros del Congreso a quienes se envía una copia de la resolución."
    ),
    "help.languages": (
        "Los idiomas de la comunidad, para las cláusulas de difusión y de conozca sus derechos."
    ),
    "help.strong_executive": "Un alcalde o ejecutivo que puede actuar por orden ejecutiva.",
    "help.executive": "El ejecutivo que firma las órdenes ejecutivas, p. ej. el alcalde (Mayor).",
    "help.police_department": "p. ej. 'Riverbend Police Department'.",
    "help.sheriff": "p. ej. 'Sierra Alta County Sheriff's Office'.",
    "help.superintendent": "La máxima autoridad del distrito.",
    "help.campus_police": (
        "La policía del distrito o el departamento de seguridad escolar, si lo hay."
    ),
    "help.county": "El condado donde se encuentra el distrito.",
    "help.adoption_date": (
        "La fecha de la sesión; si falta, queda un espacio en blanco visible para la Secretaría."
    ),
    "help.extra_recitals": (
        "Más cláusulas de CONSIDERANDO QUE (WHEREAS), en las palabras del propio órgano."
    ),
    "help.name_with_the": (
        "Si «the» va antes del nombre en inglés: «the City of Riverbend», pero «King County» "
        "(desmarcado), para que un título diga «OF KING COUNTY»."
    ),
    "help.municipality": (
        "Un pueblo (town) o una villa (village) se nombra como tal: «the Town», «Village property»."
    ),
    "help.law_enforcement": (
        "Para una ciudad sin departamento de policía propio: la agencia que le presta ese "
        "servicio por contrato, p. ej. «Sierra Alta County Sheriff's Office»."
    ),
    "help.resolution_instrument": (
        "Cómo llama el órgano al instrumento con que fija una postura, si no es una resolución: "
        "«motion» para un concejo que actúa por moción (King County)."
    ),
    "help.ordinance_instrument": (
        "Cómo llama el órgano al instrumento con que legisla, si no es el nombre habitual en su "
        "estado: «local law» en una ciudad de Nueva York."
    ),
    "help.enacting_clause": (
        "La cláusula de promulgación que prescribe la carta orgánica, palabra por palabra, p. "
        "ej. «BE IT ORDAINED BY THE COUNCIL OF KING COUNTY:»; si no, la forma habitual del "
        "estado, o un espacio en blanco."
    ),
}

MESSAGES: dict[str, Mapping[str, str]] = {"en": ENGLISH_UI, "es": SPANISH_UI}
"""Interface text per language code; English is complete, others may be partial."""
UI_LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
"""The interface languages, each by its own name, as the language switch offers them."""


def message(ui: str, key: str, /, **values: object) -> str:
    """The text for `key` in interface language `ui` (or English), with `values` filled in."""
    text = MESSAGES.get(ui, ENGLISH_UI).get(key)
    if text is None:
        text = ENGLISH_UI[key]
    return text.format(**values) if values else text


def has_message(ui: str, key: str, /) -> bool:
    """Whether `key` has text in interface language `ui` or in English."""
    return key in MESSAGES.get(ui, {}) or key in ENGLISH_UI


def ui_language(accept_language: str | None, chosen: str | None = None) -> str:
    """The interface language: chosen on a page, else the browser's first with messages.

    `chosen` comes from a query parameter or a form field; without one, English.
    Only the codes of `MESSAGES` ever come out, whatever a request says.
    """
    if chosen in MESSAGES:
        return str(chosen)
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in MESSAGES:
            return code
    return "en"
