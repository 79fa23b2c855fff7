"""Reading a municipality's inventory spreadsheet (CSV): every row checked, every error
reported with its row and column, so the whole file can be fixed in one go.

Row numbers are the spreadsheet's: the header is row 1, the first NSP row 2.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from shared.documents import excel_csv

from services.inventory.domain.details import Details
from services.inventory.domain.noodsteunpunt import Layer
from services.inventory.domain.status import Readiness

IDENTITY_COLUMNS = ("name", "layer", "readiness", "public")
LIST_COLUMNS = ("services", "contact_means")
BOOLEAN_COLUMNS = frozenset(
    name for name, f in Details.model_fields.items() if f.annotation in (bool, "bool")
) | {"public"}
COLUMNS = IDENTITY_COLUMNS + tuple(Details.model_fields)
REQUIRED_COLUMNS = ("name",)
MAX_ROWS = 5_000
_TRUE, _FALSE = {"yes", "ja", "true", "1", "y", "j"}, {"no", "nee", "false", "0", "n"}


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportRow:
    row: int
    name: str
    layer: Layer
    readiness: Readiness
    public: bool
    details: Details


class ImportFailed(Exception):
    def __init__(self, errors: list[CellError]) -> None:
        super().__init__(f"{len(errors)} error(s) in the import; nothing was stored")
        self.errors = errors


def read_inventory(text: str) -> list[ImportRow]:
    """All rows, or ImportFailed with every error found. Bidi and other control characters
    are taken out first: a name never hides its real text behind a right-to-left override."""
    text = excel_csv.clean_upload(text)
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    errors = _header_errors(header)
    if errors:
        raise ImportFailed(errors)
    reader.fieldnames = header
    rows, names_seen = [], {}
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            raise ImportFailed([CellError(number, "*", f"at most {MAX_ROWS} rows per import")])
        if None in raw:
            errors.append(CellError(number, "*", "more cells than columns"))
            continue
        cells = {k: excel_csv.clean_cell(v or "") for k, v in raw.items()}
        if not any(cells.values()):
            continue  # a blank line in a spreadsheet export is not an error
        row, row_errors = _read_row(number, cells)
        errors += row_errors
        if row is not None:
            if row.name.casefold() in names_seen:
                errors.append(CellError(number, "name", f"same name as row {names_seen[row.name.casefold()]}"))
            names_seen.setdefault(row.name.casefold(), number)
            rows.append(row)
    if errors:
        raise ImportFailed(errors)
    if not rows:
        raise ImportFailed([CellError(2, "*", "the file has no noodsteunpunten")])
    return rows


def _delimiter(text: str) -> str:
    # Dutch spreadsheet software exports with semicolons; the header line tells which one this is.
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _header_errors(header: list[str]) -> list[CellError]:
    errors = [CellError(1, c, "unknown column") for c in header if c not in COLUMNS]
    errors += [CellError(1, c, "column appears twice") for c in sorted({c for c in header if header.count(c) > 1})]
    errors += [CellError(1, c, "required column is missing") for c in REQUIRED_COLUMNS if c not in header]
    return errors


def _read_row(number: int, cells: dict[str, str]) -> tuple[ImportRow | None, list[CellError]]:
    errors: list[CellError] = []
    name = cells.get("name", "")
    if not name:
        errors.append(CellError(number, "name", "a noodsteunpunt needs a name"))
    elif len(name) > 200:
        errors.append(CellError(number, "name", "at most 200 characters"))
    layer = _enum(Layer, cells.get("layer") or "local", number, "layer", errors)
    readiness = _enum(Readiness, cells.get("readiness") or "planned", number, "readiness", errors)
    public = _boolean(cells.get("public") or "no", number, "public", errors)
    details = _details(number, cells, errors)
    if errors:
        return None, errors
    return ImportRow(number, name, layer, readiness, public, details), errors  # type: ignore[arg-type]


def _details(number: int, cells: dict[str, str], errors: list[CellError]) -> Details | None:
    values: dict[str, Any] = {}
    for column in Details.model_fields:
        cell = cells.get(column, "")
        if not cell:
            continue
        if column == "services":
            values[column] = [_service(part) for part in _parts(cell)]
        elif column in LIST_COLUMNS:
            values[column] = _parts(cell)
        elif column in BOOLEAN_COLUMNS:
            flag = _boolean(cell, number, column, errors)
            if flag is not None:  # a bad yes/no is reported; the other cells are still checked
                values[column] = flag
        else:
            values[column] = cell
    try:
        return Details.model_validate(values)
    except ValidationError as error:
        errors.extend(CellError(number, _column_of(e), _message(e)) for e in error.errors())
        return None


def _parts(cell: str) -> list[str]:
    # Inside a cell, values are separated by '|' (so they survive ';'-separated exports) or ','.
    separator = "|" if "|" in cell else ","
    return [p.strip() for p in cell.split(separator) if p.strip()]


def _service(part: str) -> dict[str, Any]:
    name, _, capacity = part.partition(":")
    return {"service": name.strip(), "capacity": capacity.strip() or None}


def _enum(kind: Any, cell: str, number: int, column: str, errors: list[CellError]) -> Any:
    try:
        return kind(cell.lower())
    except ValueError:
        errors.append(CellError(number, column, f"{cell!r} is not one of {', '.join(k.value for k in kind)}"))
        return None


def _boolean(cell: str, number: int, column: str, errors: list[CellError]) -> bool | None:
    if cell.lower() in _TRUE:
        return True
    if cell.lower() in _FALSE:
        return False
    errors.append(CellError(number, column, f"{cell!r} is not yes or no"))
    return None


def _column_of(error: Any) -> str:
    if error["loc"]:
        return str(error["loc"][0])
    # Checks across cells have no single location; name the cell the message is about.
    for column in ("trained_volunteers", "latitude"):
        if column in error["msg"]:
            return column
    return "*"


def _message(error: Any) -> str:
    loc = [str(p) for p in error["loc"][1:]]
    prefix = f"item {int(loc[0]) + 1}: " if loc and loc[0].isdigit() else ""
    return prefix + str(error["msg"]).removeprefix("Value error, ")
