"""policykit: model policies rendered into documents a council, board or school board can adopt.

The public API is small and keyword-driven so that the CLI, a batch worker and (later) a local web
form all call the same functions; see `toolkit.api`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from toolkit.api import (  # noqa: E402
    GenerateResult,
    ValidationReport,
    generate,
    list_catalogue,
    validate,
)

__all__ = [
    "GenerateResult",
    "ValidationReport",
    "__version__",
    "generate",
    "list_catalogue",
    "validate",
]
