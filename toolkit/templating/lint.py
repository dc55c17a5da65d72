"""The template linter behind `policykit validate`: every problem, as `file:line: message`.

Two passes. The static pass reads each body's Jinja syntax tree: unknown variables, fields no kind
of jurisdiction has, options used but not declared (or declared but unused), kinds compared but
not declared (or declared but not handled where the body branches on kind). The rendering pass
renders each policy for a sample jurisdiction of every kind it declares, with options at their
defaults, all on and all off, and reports render errors and empty sections.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateSyntaxError, nodes

from toolkit.data.loading import load_jurisdictions
from toolkit.data.models import KINDS, JurisdictionBase
from toolkit.document.model import Document
from toolkit.errors import Problem, ProblemsError, TemplateError, UsageError
from toolkit.i18n.report import Findings, book, findings
from toolkit.languages import ENGLISH
from toolkit.packet.claims import policy_claim_problems
from toolkit.packet.lint import sample_parts
from toolkit.templating.catalogue import Catalogue
from toolkit.templating.files import FACTS, LAYOUTS, SAMPLES, SHARED, STATES, shared_file
from toolkit.templating.forms import merged
from toolkit.templating.policies import Policy, key_line
from toolkit.templating.sandbox import read_confined
from toolkit.templating.spelling import MESSAGING_KEYS, british_spellings
from toolkit.templating.variables import CONTEXT, DICT_METHODS, fields_by_kind

JINJA_NAMES = frozenset({"loop", "self", "super", "caller", "varargs", "kwargs"})
"""Names Jinja itself provides inside loops, blocks and macros."""


@dataclass(frozen=True)
class _Use:
    name: str
    line: int


def lint_catalogue(catalogue: Catalogue) -> dict[str, list[Problem]]:
    """Every problem in every policy of the catalogue, by policy id (clean ones map to []).

    Problems of the shared files and layouts (British spellings) are filed under `_shared`.
    """
    samples = _samples(catalogue)
    found = {
        policy.id: lint_policy(catalogue, policy, samples) for policy in catalogue.policies.values()
    }
    shared = [
        *sorted((catalogue.templates / LAYOUTS).glob("*.j2")),
        *sorted((catalogue.templates / SHARED).glob("*.en.yaml")),
        catalogue.templates / STATES,
        catalogue.templates / FACTS,
    ]
    found[SHARED] = list(british_spellings(shared))
    return found


def spelling_warnings(catalogue: Catalogue) -> list[Problem]:
    """British spellings in the messaging texts of policy.yaml (talking points, questions)."""
    paths = [policy.meta_path for policy in catalogue.policies.values()]
    return list(british_spellings(paths, keys=MESSAGING_KEYS))


def lint_policy(
    catalogue: Catalogue, policy: Policy, samples: dict[str, JurisdictionBase]
) -> list[Problem]:
    """Static checks first; rendering only when the template at least parses."""
    body = policy.body_path()
    try:
        source = read_confined(catalogue.templates, body)
        tree = catalogue.renderer().env.parse(source, filename=str(body))
    except TemplateError as exc:
        return exc.problems
    except TemplateSyntaxError as exc:
        return [Problem(str(body), f"syntax error: {exc.message}", exc.lineno)]
    problems = list(_metadata_problems(policy))
    problems.extend(policy_claim_problems(catalogue.templates, catalogue.renderer().env, policy))
    problems.extend(_gate_problems(catalogue, policy))
    problems.extend(british_spellings([policy.meta_path, body]))
    problems.extend(_static_problems(catalogue, policy, tree, body))
    if not problems:
        problems.extend(_render_problems(catalogue, policy, samples))
    return problems


def _metadata_problems(policy: Policy) -> Iterator[Problem]:
    """Jinja where it is not rendered would print as-is in listings, forms and the brief."""
    meta = policy.meta
    plain = {"title": meta.title, "summary": meta.summary}
    plain.update({f"options.{name}.label": spec.label for name, spec in meta.options.items()})
    meta_path = policy.meta_path
    for field, value in plain.items():
        if "{{" in value or "{%" in value:
            top = field.split(".")[0]
            yield Problem(
                str(meta_path),
                f"{field} is plain text: template code works only in body.j2, does, talking_points "
                "and questions",
                key_line(meta_path, top),
            )


def _gate_problems(catalogue: Catalogue, policy: Policy) -> Iterator[Problem]:
    """Each state a policy gates must define the restriction it names (_shared/states.yaml)."""
    states = catalogue.renderer().shared.states
    for code, rule in policy.meta.gate.items():
        name = rule.blocked or rule.caution
        restrictions = merged(states.get("default", {}), states.get(code, {})).get("restrictions")
        if not isinstance(restrictions, dict) or name not in restrictions:
            yield Problem(
                str(policy.meta_path),
                f"gate: {code} names restriction '{name}', which {STATES} does not define for "
                f"{code} (under `restrictions:`)",
                key_line(policy.meta_path, "gate"),
            )


def _samples(catalogue: Catalogue) -> dict[str, JurisdictionBase]:
    try:
        loaded = load_jurisdictions(catalogue.templates / SAMPLES)
    except ProblemsError as exc:  # its own messages would point at --data, wrongly
        raise TemplateError(
            [Problem(p.file, f"sample jurisdictions: {p.message}", p.line) for p in exc.problems]
        ) from None
    return {j.kind: j for j in loaded}


def _static_problems(
    catalogue: Catalogue, policy: Policy, tree: nodes.Template, body: Path
) -> Iterator[Problem]:
    file = str(body)
    declared_names = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")} | {
        m.name for m in tree.find_all(nodes.Macro)
    }
    known = set(CONTEXT) | set(catalogue.renderer().env.globals) | declared_names | JINJA_NAMES
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name not in known:
            yield Problem(
                file, f"unknown variable '{name.name}' (see `policykit variables`)", name.lineno
            )
    yield from _field_problems(file, policy, tree)
    yield from _lookup_problems(catalogue, policy, tree, file)
    yield from _option_problems(policy, tree, file)
    yield from _kind_problems(policy, tree, file)


def _attribute_uses(tree: nodes.Template, base: str) -> Iterator[_Use]:
    """`base.attr`, `base["attr"]` and `base.get("attr")` uses, with their lines."""
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        assert isinstance(node, (nodes.Getattr, nodes.Getitem))
        target = node.node
        if not (isinstance(target, nodes.Name) and target.name == base):
            continue
        if isinstance(node, nodes.Getattr) and node.attr not in DICT_METHODS:
            yield _Use(node.attr, node.lineno)
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            yield _Use(str(node.arg.value), node.lineno)
    for call in tree.find_all(nodes.Call):
        func = call.node
        if (
            isinstance(func, nodes.Getattr)
            and func.attr == "get"
            and isinstance(func.node, nodes.Name)
            and func.node.name == base
            and call.args
            and isinstance(call.args[0], nodes.Const)
        ):
            yield _Use(str(call.args[0].value), call.lineno)


def _field_problems(file: str, policy: Policy, tree: nodes.Template) -> Iterator[Problem]:
    by_kind = fields_by_kind()
    every = set().union(*by_kind.values())
    for use in _attribute_uses(tree, "j"):
        if use.name not in every:
            yield Problem(
                file,
                f"'j.{use.name}' is not a field of any kind of jurisdiction "
                "(see `policykit variables`)",
                use.line,
            )


def _lookup_problems(
    catalogue: Catalogue, policy: Policy, tree: nodes.Template, file: str
) -> Iterator[Problem]:
    shared = catalogue.renderer().shared
    cited = {key for table in policy.meta.law.values() for key in table}
    for use in _attribute_uses(tree, "law"):
        if use.name not in cited:
            yield Problem(
                file,
                f"'law.{use.name}' is not in any state's table under `law:` in policy.yaml",
                use.line,
            )
    for use in _attribute_uses(tree, "facts"):
        if use.name not in shared.facts:
            yield Problem(file, f"'facts.{use.name}' is not in {SHARED}/facts.yaml", use.line)
    for use in _attribute_uses(tree, "terms"):
        missing = [k for k in policy.meta.kinds if use.name not in shared.terms.get(k, {})]
        if missing:
            yield Problem(
                file,
                f"'terms.{use.name}' is not defined for kind(s) "
                f"{', '.join(missing)} in {shared_file('terms', ENGLISH.code)}",
                use.line,
            )


def _option_problems(policy: Policy, tree: nodes.Template, file: str) -> Iterator[Problem]:
    uses = list(_attribute_uses(tree, "options"))
    declared = policy.meta.options
    for use in uses:
        if use.name not in declared:
            known = ", ".join(declared) or "none"
            yield Problem(
                file,
                f"option '{use.name}' is used but not declared in policy.yaml (declared: {known})",
                use.line,
            )
    used = {use.name for use in uses}
    meta_path = policy.meta_path
    for name in declared:
        if name not in used:
            yield Problem(
                str(meta_path),
                f"option '{name}' is declared but body.j2 never uses it",
                key_line(meta_path, name, indent=2) or key_line(meta_path, "options"),
            )


def _kind_problems(policy: Policy, tree: nodes.Template, file: str) -> Iterator[Problem]:
    declared = policy.meta.kinds
    for compare in tree.find_all(nodes.Compare):
        for kind in _compared_kinds(compare):
            if kind not in KINDS:
                yield Problem(
                    file,
                    f"compares kind to '{kind}', which is not a kind (kinds: {', '.join(KINDS)})",
                    compare.lineno,
                )
            elif kind not in declared:
                yield Problem(
                    file,
                    f"handles kind '{kind}', which policy.yaml does not declare "
                    f"(kinds: {', '.join(declared)})",
                    compare.lineno,
                )
    for branch in tree.find_all(nodes.If):
        tests = [branch.test, *(elif_.test for elif_ in branch.elif_)]
        covered = {
            kind for test in tests for c in _compares_in(test) for kind in _compared_kinds(c)
        }
        if not branch.elif_ or len(covered) < 2 or branch.else_:
            continue  # not an if/elif chain over kinds, or an else catches the other kinds
        for kind in declared:
            if kind not in covered:
                yield Problem(
                    file,
                    f"branches on kind without an else, and never handles declared kind '{kind}'",
                    branch.lineno,
                )


def _compares_in(test: nodes.Node) -> Iterator[nodes.Compare]:
    if isinstance(test, nodes.Compare):
        yield test
    yield from test.find_all(nodes.Compare)


def _compared_kinds(compare: nodes.Compare) -> set[str]:
    operands = [compare.expr, *(op.expr for op in compare.ops)]
    if not any(isinstance(o, nodes.Name) and o.name == "kind" for o in operands):
        return set()
    return {const for operand in operands for const in _constants(operand)}


def _constants(node: nodes.Node) -> Iterator[str]:
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, (nodes.List, nodes.Tuple)):
        for item in node.items:
            yield from _constants(item)


def _render_problems(
    catalogue: Catalogue, policy: Policy, samples: dict[str, JurisdictionBase]
) -> Iterator[Problem]:
    names = list(policy.meta.options)
    choices = [{}, dict.fromkeys(names, True), dict.fromkeys(names, False)]
    seen: set[str] = set()
    for kind, chosen in itertools.product(policy.meta.kinds, choices):
        sample = samples.get(kind)
        if sample is None:
            continue
        label = _label(kind, chosen, names)
        try:
            documents = [catalogue.render(policy, sample, chosen)]
            if not chosen:  # the packet at the default options (toolkit.packet.lint says which)
                documents += [
                    catalogue.render(policy, sample, part=part, recipient=recipient)
                    for part, recipient in sample_parts(catalogue, policy, sample, brief=True)
                ]
        except (ProblemsError, UsageError) as exc:
            yield from _labelled(exc, policy, label, seen)
            continue
        for document in documents:
            yield from _empty_sections(policy, document, label)


def _labelled(
    exc: ProblemsError | UsageError, policy: Policy, label: str, seen: set[str]
) -> Iterator[Problem]:
    """A render's problems, each once however many samples and option sets show it."""
    problems = (
        exc.problems
        if isinstance(exc, ProblemsError)
        else [Problem(str(policy.body_path()), str(exc))]
    )
    for problem in problems:
        if str(problem) not in seen:
            seen.add(str(problem))
            yield Problem(problem.file, f"{problem.message} [{label}]", problem.line)


def _label(kind: str, chosen: dict[str, bool], names: list[str]) -> str:
    if not chosen or not names:
        return f"sample {kind}, default options"
    state = "on" if next(iter(chosen.values())) else "off"
    return f"sample {kind}, all options {state}"


def _empty_sections(policy: Policy, document: Document, label: str) -> Iterator[Problem]:
    blocks = document.blocks
    file = str(policy.body_path())
    for index, block in enumerate(blocks):
        if block.role in ("vote", "signature"):
            continue
        if not block.text.strip() or (
            block.lead and not "".join(r.text for r in block.runs).strip(" .;:")
        ):
            yield Problem(file, f"renders an empty {block.role} block [{label}]")
            continue
        heading = block.role in ("heading", "part")
        following = blocks[index + 1].role if index + 1 < len(blocks) else None
        if heading and following in (None, "heading", "part"):
            yield Problem(file, f"renders an empty section '{block.text}' [{label}]")


def lint_translations(catalogue: Catalogue) -> Findings:
    """Translation problems (see `toolkit.i18n.report`), plus each promised language rendered.

    Every policy is rendered in each language its `policy.yaml` promises, for a sample of every
    kind with all options on, so that a translation with a Jinja mistake (an unknown variable, a
    filter that fails) is found here rather than by an official; a syntax error anywhere in a
    template is found by compiling it. English stands in for missing text during this check:
    missing and stale segments are reported on their own.
    """
    found = findings(book(catalogue))
    samples = _samples(catalogue)
    seen: set[str] = set()
    for policy in catalogue.policies.values():
        names = list(policy.meta.options)
        for language, kind, chosen in itertools.product(
            policy.meta.languages, policy.meta.kinds, [dict.fromkeys(names, True)]
        ):
            sample = samples.get(kind)
            if sample is None:
                continue
            label = f"{language}, {_label(kind, chosen, names)}"
            parts = [("draft", None), *sample_parts(catalogue, policy, sample, brief=True)]
            for part, recipient in parts:
                try:
                    catalogue.render(
                        policy,
                        sample,
                        chosen,
                        language=language,
                        fallback_english=True,
                        part=part,
                        recipient=recipient,
                    )
                except (ProblemsError, UsageError) as exc:
                    found.errors.extend(_labelled(exc, policy, label, seen))
    return found
