"""Checking an AB's Word template, and filling one in (docxtpl).

docxtpl reads ``{{ field }}`` typed anywhere in a .docx (body, tables, headers and
footers), even where Word has split it over several runs while the AB edited it,
and keeps everything else of the AB's document: letterhead, logo, fonts, footer.

Safety: templates are data that any officer of the AB can store, so they run in
Jinja's sandbox (no Python reachable from a template). Values are escaped as XML
text and inserted once, never read as a template again: a name holding ``{{``,
``<w:fldSimple>`` or ``=cmd|...`` prints as those characters and can become no
field, formula or macro. A field the letter does not have stops the letter
(``StrictUndefined``) rather than printing blank.
"""

from __future__ import annotations

import io

from ectrack.errors import FileRejected
from ectrack.letters.fields import FIELDS, TEMPLATES


def _environment():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def _load(data: bytes, source: str):
    import zipfile

    from docxtpl import DocxTemplate

    try:
        template = DocxTemplate(io.BytesIO(data))
        template.init_docx()
        return template
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FileRejected(
            f"{source}: not a Word document (.docx) ectrack can read ({error}); "
            "save it from Word as 'Word Document (*.docx)'"
        ) from None


def fields_used(data: bytes, source: str) -> set[str]:
    """The fields a template uses; refuses one that is not a .docx or whose fields
    are not written correctly."""
    from jinja2 import TemplateError

    template = _load(data, source)
    try:
        return set(template.get_undeclared_template_variables(_environment()))
    except TemplateError as error:
        raise FileRejected(
            f"{source}: a field is not written correctly ({error.message}); write each "
            "field as {{ field_name }}, with two curly brackets on each side"
        ) from None


def check_template(name: str, data: bytes, source: str) -> set[str]:
    """Refuse template ``name`` if it uses a field its letter does not have, or lacks
    one the law requires; return the fields it uses."""
    kind = TEMPLATES[name]
    used = fields_used(data, source)
    unknown = sorted(used - set(kind.fields))
    if unknown:
        known = [f for f in unknown if f in FIELDS]
        why = (
            f"{', '.join(known)} {'is' if len(known) == 1 else 'are'} not part of {kind.about}"
            if known
            else "ectrack has no such field"
        )
        raise FileRejected(
            f"{source}: uses {', '.join('{{ ' + f + ' }}' for f in unknown)}: {why}; use only "
            f"the fields of this letter ({', '.join(kind.fields)}); see 'ectrack letter "
            "templates export', which writes the list"
        )
    try:  # a dry run with example values finds what only filling in shows
        render(data, {name: FIELDS[name].example for name in kind.fields})
    except FileRejected as error:
        raise FileRejected(f"{source}: {error.message}") from None
    missing = [f for f in kind.required if f not in used]
    if missing:
        reasons = sorted({kind.required[f] for f in missing})
        raise FileRejected(
            f"{source}: lacks {', '.join('{{ ' + f + ' }}' for f in missing)} "
            f"({'; '.join(reasons)}); put {'it' if len(missing) == 1 else 'them'} back where "
            "the letter says so"
        )
    return used


def render(data: bytes, values: dict[str, str]) -> bytes:
    """Template ``data`` filled with ``values``, as a .docx file's bytes."""
    from jinja2 import TemplateError

    template = _load(data, "template")
    try:
        template.render(values, jinja_env=_environment(), autoescape=True)
    except (TemplateError, SyntaxError) as error:  # the sandbox refusing, a field the
        # letter lacks, or Word's XML broken by what the template holds (lxml's error)
        raise FileRejected(
            f"the template cannot be filled in ({getattr(error, 'message', None) or error}); "
            "use only plain fields, "
            "written as {{ field_name }}"
        ) from None
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
