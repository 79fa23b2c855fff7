"""The compatibility rule (docs/events.md): the code's event schemas against the committed
snapshots, and synthetic changes in both directions: breaking ones fail naming the field and
the rule, an additive optional field passes and is recorded by --accept-additive."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from pydantic import Field, create_model

from shared.contract.campaign import WaveCompleted
from shared.contract.catalogue import CATALOGUE
from shared.contract.envelope import IntegrationEvent
from shared.contract.inventory import NoodsteunpuntRegistered, PilotStarted
from shared.contract.snapshots import (
    SCHEMA_DIR, BreakingChange, accept_additive, compare, current_schemas, data_schema, load_snapshots,
    stale_snapshots,
)


def variant(cls: type[IntegrationEvent], drop: tuple[str, ...] = (), **changed: Any) -> type[IntegrationEvent]:
    """The event class as a developer might edit it: fields dropped, changed or added."""
    fields = {
        name: (info.annotation, info)
        for name, info in cls.model_fields.items()
        if name not in cls.ENVELOPE_FIELDS and name not in drop
    }
    fields.update(changed)
    model = create_model(cls.__name__, __base__=IntegrationEvent, **fields)  # type: ignore[call-overload]
    model.TYPE = cls.TYPE
    return model


def violations(cls: type[IntegrationEvent], edited: type[IntegrationEvent]) -> list[str]:
    published = {cls.TYPE: load_snapshots()[cls.TYPE]}
    return [str(v) for v in compare({cls.TYPE: data_schema(edited)}, published).breaking]


def test_the_code_breaks_no_published_schema():
    breaking = compare(current_schemas(CATALOGUE), load_snapshots()).breaking
    assert not breaking, "\n".join(str(v) for v in breaking)


def test_every_event_type_and_version_has_its_committed_snapshot():
    missing = compare(current_schemas(CATALOGUE), load_snapshots()).new
    assert not missing, f"no snapshot for {missing}: run python -m tools.export_docs --accept-additive"
    assert set(load_snapshots()) == set(CATALOGUE)


def test_removing_a_field_fails_naming_the_field_and_the_rule():
    (message,) = violations(PilotStarted, variant(PilotStarted, drop=("budget_cents",)))
    assert "inventory.pilot.started.v1: field 'budget_cents' breaks rule 'removed'" in message
    assert "publish the change as inventory.pilot.started.v2 beside inventory.pilot.started.v1" in message


def test_renaming_a_field_is_named_as_a_removal_and_a_new_required_field():
    renamed = variant(PilotStarted, drop=("budget_cents",), planned_cents=(int, Field(ge=0)))
    found = violations(PilotStarted, renamed)
    assert any("'budget_cents' breaks rule 'removed'" in v and "renamed to 'planned_cents'?" in v for v in found)
    assert any("'planned_cents' breaks rule 'new-required'" in v for v in found)


def test_retyping_a_field_fails():
    (message,) = violations(PilotStarted, variant(PilotStarted, budget_cents=(str, ...)))
    assert "field 'budget_cents' breaks rule 'retyped'" in message and "type=string" in message


def test_changing_allowed_values_or_constraints_fails():
    narrower = variant(NoodsteunpuntRegistered, name=(str, Field(min_length=1, max_length=100)))
    assert any("field 'name' breaks rule 'retyped'" in v for v in violations(NoodsteunpuntRegistered, narrower))
    from typing import Literal

    more_layers = variant(NoodsteunpuntRegistered, layer=(Literal["local", "regional", "national"], ...))
    assert any("field 'layer' breaks rule 'retyped'" in v for v in violations(NoodsteunpuntRegistered, more_layers))


def test_making_an_optional_field_required_fails():
    required = variant(NoodsteunpuntRegistered, public=(bool, ...))
    assert any("field 'public' breaks rule 'required'" in v for v in violations(NoodsteunpuntRegistered, required))


def test_a_new_required_field_fails():
    (message,) = violations(PilotStarted, variant(PilotStarted, approved_by=(str, ...)))
    assert "field 'approved_by' breaks rule 'new-required'" in message


def test_a_change_inside_a_nested_model_names_its_path():
    from shared.contract.campaign import MaterialPlan

    plan = create_model("MaterialPlan", __base__=MaterialPlan.__base__, __config__=None,  # type: ignore[call-overload]
                        template_key=(str, ...), printed=(int, Field(ge=0)))
    found = violations(WaveCompleted, variant(WaveCompleted, materials=(list[plan], ...)))  # type: ignore[valid-type]
    assert any("field 'materials[].distributed' breaks rule 'removed'" in v for v in found)


def test_deleting_a_published_event_type_fails():
    published = {PilotStarted.TYPE: load_snapshots()[PilotStarted.TYPE]}
    (violation,) = compare({}, published).breaking
    assert violation.rule == "type-removed" and violation.event_type == PilotStarted.TYPE


def test_an_added_optional_field_passes_and_accept_additive_records_it(tmp_path):
    shutil.copytree(SCHEMA_DIR, tmp_path, dirs_exist_ok=True)
    grown = variant(PilotStarted, evaluation_due_on=(str | None, Field(default=None, description="new")))
    current = {**current_schemas(CATALOGUE), PilotStarted.TYPE: data_schema(grown)}

    comparison = compare(current, load_snapshots(tmp_path))
    assert comparison.breaking == [] and comparison.additive == [PilotStarted.TYPE]
    assert stale_snapshots(current, tmp_path) == [PilotStarted.TYPE]  # --check reports it until recorded

    assert accept_additive(current, tmp_path) == [PilotStarted.TYPE]
    assert "evaluation_due_on" in load_snapshots(tmp_path)[PilotStarted.TYPE]["properties"]
    assert stale_snapshots(current, tmp_path) == []
    # Once recorded, removing the new field again is a breaking change like any other.
    assert compare(current_schemas(CATALOGUE), load_snapshots(tmp_path)).breaking[0].field == "evaluation_due_on"


def test_accept_additive_refuses_a_breaking_change_and_records_nothing(tmp_path):
    shutil.copytree(SCHEMA_DIR, tmp_path, dirs_exist_ok=True)
    before = {path.name: path.read_text() for path in tmp_path.iterdir()}
    broken = variant(PilotStarted, drop=("budget_cents",), note=(str | None, None))
    current = {**current_schemas(CATALOGUE), PilotStarted.TYPE: data_schema(broken)}

    with pytest.raises(BreakingChange, match="field 'budget_cents' breaks rule 'removed'"):
        accept_additive(current, tmp_path)
    assert {path.name: path.read_text() for path in tmp_path.iterdir()} == before


def test_a_new_event_type_is_recorded_as_additive(tmp_path):
    started_v2 = variant(PilotStarted)
    started_v2.TYPE = "inventory.pilot.started.v2"
    current = {**current_schemas(CATALOGUE), started_v2.TYPE: data_schema(started_v2)}
    shutil.copytree(SCHEMA_DIR, tmp_path, dirs_exist_ok=True)

    assert compare(current, load_snapshots(tmp_path)).new == ["inventory.pilot.started.v2"]
    assert accept_additive(current, tmp_path) == ["inventory.pilot.started.v2"]
