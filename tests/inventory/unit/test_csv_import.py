"""Reading an inventory spreadsheet: every error by row and column."""

from __future__ import annotations

import pytest

from services.inventory.domain.csv_import import CellError, ImportFailed, read_inventory
from services.inventory.domain.noodsteunpunt import Layer, Readiness


def errors_of(text: str) -> list[CellError]:
    with pytest.raises(ImportFailed) as failure:
        read_inventory(text)
    return failure.value.errors


def test_a_valid_file_gives_every_row():
    text = (
        "name;layer;readiness;public;services;contact_means;generator_fuel_hours;wheelchair_access;latitude;longitude\n"
        "Brandweerkazerne Oss;regional;operational;ja;information|first_aid|drinking_water:300;c2000|landline;96;yes;51.76;5.52\n"
        "Dorpshuis Megen;local;;nee;information;;;no;;\n"
    )
    first, second = read_inventory(text)
    assert (first.row, first.name, first.layer, first.readiness, first.public) == (2, "Brandweerkazerne Oss", Layer.REGIONAL, Readiness.OPERATIONAL, True)
    assert first.details.service_names() == ["information", "first_aid", "drinking_water"]
    assert first.details.services[2].capacity == 300 and first.details.generator_fuel_hours == 96
    assert (second.row, second.readiness, second.public) == (3, Readiness.PLANNED, False)


def test_errors_name_their_row_and_column():
    text = (
        "name,layer,readiness,generator_fuel_hours,wheelchair_access,volunteers,trained_volunteers\n"
        "Goed,local,planned,72,yes,4,2\n"
        ",national,planned,72,yes,4,2\n"
        "Fout,local,ready,lots,perhaps,4,2\n"
        "Te veel,local,planned,,,1,3\n"
        "Goed,local,planned,,,,\n"
    )
    found = {(e.row, e.column) for e in errors_of(text)}
    assert found == {
        (3, "name"), (3, "layer"),
        (4, "readiness"), (4, "generator_fuel_hours"), (4, "wheelchair_access"),
        (5, "trained_volunteers"),
        (6, "name"),  # the same name as row 2
    }


def test_unknown_and_missing_columns_are_header_errors():
    found = {(e.row, e.column, e.message) for e in errors_of("naam,layer,colour\nX,local,red\n")}
    assert found == {(1, "naam", "unknown column"), (1, "colour", "unknown column"), (1, "name", "required column is missing")}


def test_an_empty_file_is_an_error():
    assert errors_of("name,layer\n")[0].message == "the file has no noodsteunpunten"
