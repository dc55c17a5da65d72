"""The page's measurements, shared by the DOCX writer and the print stylesheet (document.css).

DOCX and PDF must break pages in the same places, or a clerk finds the signatures on another page
than the PDF promised. Both formats therefore lay text out on the same grid: the same font sizes,
exact line heights, the same space after every paragraph and none before. Where a heading or a
signature needs more room above it, the DOCX writer widens the space after the paragraph before
it (CSS gets the same gap from collapsing margins): Word and LibreOffice disagree on whether a
space after and the next paragraph's space before add up, so the DOCX never has both. The
stylesheet takes these numbers as `$name` (see `css_values`), so the two cannot drift apart.
"""

from __future__ import annotations

BODY_SIZE = 12.0
"""Body text, in points."""
LINE = 15.0
"""Every body line's height, exactly, in points."""
AFTER = 8.0
"""Space after every paragraph, vote line and signature, and after a list, in points."""
ITEM_AFTER = 4.0
"""Space between the items of a numbered list, in points."""
TITLE_SIZE = 14.0
TITLE_LINE = 18.0
TITLE_AFTER = 16.0
HEADING_BEFORE = 6.0
"""Space a heading adds above itself, beyond the usual space after the paragraph before it."""
SIGNATURE_BEFORE = 10.0
"""Space a signature block adds above itself."""
LIST_INDENT = 36.0
"""Where a numbered item's text starts, from the margin, in points (half an inch)."""
LIST_HANGING = 18.0
"""Where its number starts, back from the text."""
RULE = 1.5
"""The rule above and below the warning on page 1, in points."""
RULE_SPACE = 4.0
"""Between that rule and the warning's text, in points."""
SMALL_SIZE = 9.0
"""The header, the page numbers and the provenance line."""
SIGNATURE_RULE = "_" * 40
"""The line a signer signs on: underscores, the same width in Word and the PDF."""


def css_values() -> dict[str, str]:
    """The measurements as CSS lengths, for `document.css`."""
    points = {
        "body_size": BODY_SIZE,
        "line": LINE,
        "after": AFTER,
        "item_after": ITEM_AFTER,
        "title_size": TITLE_SIZE,
        "title_line": TITLE_LINE,
        "title_after": TITLE_AFTER,
        "heading_top": AFTER + HEADING_BEFORE,
        "signature_top": AFTER + SIGNATURE_BEFORE,
        "list_indent": LIST_INDENT,
        "rule": RULE,
        "rule_space": RULE_SPACE,
        "small_size": SMALL_SIZE,
    }
    return {name: f"{value:g}pt" for name, value in points.items()}
