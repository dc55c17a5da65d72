"""The Jinja environment every template runs in: sandboxed, immutable, escaped and bounded.

Templates and data are untrusted. Jinja's immutable sandbox keeps templates from reaching Python
internals and from changing shared data (`terms.update(...)` would otherwise poison every later
document a process renders); autoescaping keeps data from opening a markup tag; `StrictUndefined`
makes a missing variable an error; and the guards below bound what `*`, `**` and format widths can
build, which the sandbox leaves unbounded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from toolkit.errors import Problem, TemplateError

MAX_SIZE = 100_000
"""Largest string, list or number a template may build: enough for any policy, far below a
memory bomb such as `{{ "x" * 10**9 }}`."""

_WIDE_FIELD = re.compile(r"\d{6,}")


def blank(label: str) -> Markup:
    """A visible placeholder for something the clerk must fill in (a number, a date, a name)."""
    return Markup("<blank>{}</blank>").format(escape(label))


class GuardedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, plus limits on `*` and `**`, which it leaves unbounded."""

    intercepted_binops = frozenset({"*", "**", "//", "%"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """No attribute of a class at all.

        `dict.update(terms, ...)` would change shared data through the unbound method, which
        the immutable sandbox only checks on instances.
        """
        if isinstance(obj, type):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Refuse `str.format` on a format string with a six-digit width ('{:>999999999}')."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _WIDE_FIELD.search(value.__self__):
            raise jinja2.exceptions.SecurityError("format width too large for a template")
        return wrapped

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        """Refuse repetitions and powers whose result would exceed `MAX_SIZE`."""
        if operator == "**" and _too_big_power(left, right):
            raise jinja2.exceptions.SecurityError("power too large for a template")
        if operator == "*" and _too_big_repeat(left, right):
            raise jinja2.exceptions.SecurityError("repetition too large for a template")
        if _too_big_number(left) or _too_big_number(right):
            raise jinja2.exceptions.SecurityError("number too large for a template")
        return super().call_binop(context, operator, left, right)


def _too_big_power(base: Any, exponent: Any) -> bool:
    if not (isinstance(base, int) and isinstance(exponent, int)):
        return False  # float powers overflow into an error of their own
    return abs(base).bit_length() * exponent > MAX_SIZE * 8


def _too_big_number(value: Any) -> bool:
    """A whole number of thousands of digits.

    One C-level multiplication or division of two such numbers can run for longer than the
    render limit, which cannot interrupt it.
    """
    return isinstance(value, int) and value.bit_length() > 4096


def _too_big_repeat(left: Any, right: Any) -> bool:
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
            return len(sequence) * count > MAX_SIZE
    return False


OUTSIDE = "refused: this file leads outside the templates folder (a symbolic link?)"


def refuse_outside(templates: Path, path: Path) -> None:
    """Refuse `path` if its real path leaves `templates`: a link planted inside the folder.

    Checked before any read, so a link to a secret, a device or a pipe is never opened.
    """
    if path.exists() and not path.resolve().is_relative_to(templates.resolve()):
        raise TemplateError([Problem(str(path), OUTSIDE)])


def confined_stamp(templates: Path, name: str, missing: str) -> tuple[Path, tuple[int, int]]:
    """A file under `templates` through `refuse_outside`, and a stamp that changes with it.

    The stamp keys a cache that reads the file again only when it changes; a missing file is
    one `TemplateError`, `missing` its message.
    """
    path = templates / name
    refuse_outside(templates, path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise TemplateError([Problem(str(path), missing)]) from None
    return path, (stat.st_mtime_ns, stat.st_size)


def read_confined(templates: Path, path: Path) -> str:
    """The text of a file under `templates`, through `refuse_outside`: every templates read."""
    refuse_outside(templates, path)
    return path.read_text(encoding="utf-8")


class ConfinedLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, refusing any file whose real path leaves the templates folder.

    Jinja already refuses `..` and absolute names, but not a symbolic link planted inside the
    folder: `{% include %}` of one would copy any file the user can read into the drafts.
    The check comes before the read, so a link to a device or a pipe is not read either.
    """

    def __init__(self, templates: Path) -> None:
        super().__init__(str(templates))
        self.folder = templates

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's source, as Jinja's loader gives it, once its real path is checked."""
        refuse_outside(self.folder, self.folder.joinpath(*split_template_path(template)))
        return super().get_source(environment, template)


def new_environment(templates: Path, filters: dict[str, Callable[..., Any]]) -> GuardedEnvironment:
    """The environment for one templates folder and language."""
    env = GuardedEnvironment(
        loader=ConfinedLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals["blank"] = blank
    del env.globals["lipsum"]  # random filler text has no place in a legal document
    env.filters.update(filters)
    return env
