"""The letters' declared fields, ectrack's own templates and the README's list agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from ectrack.letters.defaults import DEFAULTS, default_docx
from ectrack.letters.fields import FIELDS, TEMPLATES
from ectrack.letters.render import check_template, fields_used

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_lists_every_field_a_template_can_use():
    text = README.read_text()
    for field in FIELDS.values():
        assert f"| `{field.name}` | {field.means} (e.g. {field.example}) |" in text, field.name


def test_every_template_has_a_default_and_only_declared_fields():
    assert set(DEFAULTS) == set(TEMPLATES)
    for template in TEMPLATES.values():
        assert set(template.fields) <= set(FIELDS), template.name
        assert set(template.required) <= set(template.fields), template.name


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_each_shipped_template_passes_its_own_check_and_uses_the_laws_fields(name):
    data = default_docx(name)
    used = check_template(name, data, f"{name}.docx")
    assert set(TEMPLATES[name].required) <= used
    assert used == fields_used(data, name)


def test_a_fail_or_extension_notice_to_the_ect_must_give_the_right_of_appeal():
    for outcome in ("fail", "extend"):
        required = TEMPLATES[f"decision-{outcome}-ect"].required
        assert {"appeal_to", "appeal_deadline"} <= set(required)
    assert "appeal_deadline" not in TEMPLATES["decision-pass-ect"].fields
