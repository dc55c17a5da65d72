"""policykit: model policies rendered into documents a council, board or school board can adopt.

The public API, for the CLI, the web app and scripts alike. In memory (nothing touches the disk
unless a function says it writes):

    catalogue = load_catalogue()                       # templates folder, or the bundled one
    city = jurisdiction_from_mapping({...})            # a dict validated like a file entry
    document = render(catalogue, DocumentRequest("ice-out", city, language="es"))
    pdf = to_bytes(document, "pdf")                    # docx, pdf or html
    name = output_name(city.id, "ice-out", "pdf", language="es")

Writing files: `generate` (one draft), `run_batch` (a campaign), `validate`, `list_catalogue`.
"""

from __future__ import annotations

from toolkit.api import (
    GenerateResult,
    ValidationReport,
    generate,
    list_catalogue,
    load_catalogue,
    load_data,
    validate,
)
from toolkit.batch.run import BatchReport, run_batch
from toolkit.data.entries import jurisdiction_from_mapping, with_overrides
from toolkit.data.loading import LoadResult, load_jurisdictions, read_jurisdictions
from toolkit.data.models import KINDS, JurisdictionBase
from toolkit.document.model import Document
from toolkit.errors import (
    DataError,
    NotFoundError,
    PolicykitError,
    Problem,
    ProblemsError,
    TemplateError,
    UsageError,
)
from toolkit.languages import LANGUAGES
from toolkit.output.paths import output_name
from toolkit.pipeline import DocumentRequest, render
from toolkit.templating.catalogue import Catalogue
from toolkit.version import __version__
from toolkit.writers import FORMATS, to_bytes

__all__ = [
    "FORMATS",
    "KINDS",
    "LANGUAGES",
    "BatchReport",
    "Catalogue",
    "DataError",
    "Document",
    "DocumentRequest",
    "GenerateResult",
    "JurisdictionBase",
    "LoadResult",
    "NotFoundError",
    "PolicykitError",
    "Problem",
    "ProblemsError",
    "TemplateError",
    "UsageError",
    "ValidationReport",
    "__version__",
    "generate",
    "jurisdiction_from_mapping",
    "list_catalogue",
    "load_catalogue",
    "load_data",
    "load_jurisdictions",
    "output_name",
    "read_jurisdictions",
    "render",
    "run_batch",
    "to_bytes",
    "validate",
    "with_overrides",
]
