"""Characters that must never reach a document or a terminal, found and shown in one place.

Word and PDF are XML underneath: C0 controls, surrogates and U+FFFE/U+FFFF cannot be stored and
make lxml fail mid-write. C1 controls and terminal escapes can rewrite what a staffer sees in a
terminal; bidirectional overrides can make a name read differently from what it is. So data and
template output are checked with `unsafe_character`, and anything echoed back is `printable`.
"""

from __future__ import annotations

import unicodedata

_BIDI_CONTROLS = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_ZERO_WIDTH = frozenset(
    "\u00ad\u034f\u115f\u1160\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064"
    "\u3164\ufeff\uffa0"
)
"""Characters that print nothing: zero-width marks, invisible operators and Hangul fillers."""


def unsafe_character(text: str) -> str | None:
    """A description of the first character not allowed in a document, or None."""
    for char in text:
        code = ord(char)
        if (code < 32 and char not in "\t\n\r") or 0x7F <= code <= 0x9F:
            return f"control character U+{code:04X} is not allowed"
        if 0xD800 <= code <= 0xDFFF or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
            return f"character U+{code:04X} is not allowed (it is not a character Word can store)"
        if char in _BIDI_CONTROLS:
            return f"text-direction control U+{code:04X} is not allowed"
    return None


def invisible_only(text: str) -> bool:
    """Whether the text shows nothing at all: only spaces and zero-width characters."""
    return all(char.isspace() or char in _ZERO_WIDTH for char in text)


def printable(text: str) -> str:
    """`text` safe to print on a terminal: controls, escapes and bidi overrides shown as codes."""
    return "".join(
        f"\\u{ord(char):04x}"
        if unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn"} and char not in " "
        else char
        for char in text
    )
