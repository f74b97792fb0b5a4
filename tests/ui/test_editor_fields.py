"""The editor's lists follow the field declarations (domain/fields.py): every field of a list
is a column, a child list or a value kept on the row, and a column's kind agrees with it."""

from __future__ import annotations

import pytest

from mmi_desktop.domain import fields
from mmi_desktop.ui.editor.rows import Column, Kind
from mmi_desktop.ui.editor.schema import LISTS, ListSpec

DATE_KINDS = {Kind.DATE: True, Kind.OPT_DATE: False}


def _all(specs: tuple[ListSpec, ...]) -> list[ListSpec]:
    out: list[ListSpec] = []
    for spec in specs:
        out.append(spec)
        out.extend(_all(spec.children))
    return out


@pytest.mark.parametrize("spec", _all(LISTS), ids=lambda s: s.key)
def test_every_declared_field_has_a_place_on_the_row(spec: ListSpec) -> None:
    placed = ([c.key for c in spec.columns if c.kind is not Kind.COMPUTED]
              + [c.key for c in spec.children] + list(spec.extra) + list(spec.kept))
    assert sorted(placed) == sorted(spec.field.keys)
    assert spec.make is spec.field.record


@pytest.mark.parametrize("spec", _all(LISTS), ids=lambda s: s.key)
def test_column_kinds_agree_with_the_declarations(spec: ListSpec) -> None:
    for column in spec.columns:
        if column.kind is Kind.COMPUTED:
            continue
        field = spec.field.child(column.key)
        assert field is not None
        if column.kind in DATE_KINDS:
            assert field.kind is fields.Kind.DATE
            assert DATE_KINDS[column.kind] == field.required, column.key
        if column.kind in (Kind.ENUM, Kind.OPT_ENUM):
            assert column.enum is field.enum, column.key


def test_a_column_for_no_field_is_refused() -> None:
    with pytest.raises(ValueError, match="no field"):
        ListSpec(fields.VISITS, (Column("colour", "Colour", Kind.TEXT),))
