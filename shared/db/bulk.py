"""Many rows in one statement, with one parameter per column: the rows' values of each
column go as one array, unnested side by side in the rows' order.

Unlike an executemany, the statement is executed once, and its parameters are processed
once whatever the number of rows (an executemany processes and executes every row);
unlike a multi-row VALUES, its SQL is the same for any number of rows, so it is compiled
once and cached (by SQLAlchemy, and prepared once by asyncpg).

Hot paths (a consumer applying every event) build the statement once (``rows_insert``,
``rows_upsert``) and pass the arrays at execution (``column_arrays``): building a statement
with its conflict clause per call costs more than executing it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY, Insert, insert


def insert_rows(table: Table, rows: Sequence[Mapping[str, Any]]) -> Insert:
    """``INSERT INTO table (columns) SELECT unnest(:a), unnest(:b), ...``; every row names
    the same columns. Add ``on_conflict_do_...`` as needed (``excluded`` names the row)."""
    if not rows:
        raise ValueError("insert_rows needs at least one row")
    columns = tuple(rows[0])
    return _unnested(table, columns, column_arrays(columns, rows))


@functools.lru_cache(maxsize=None)
def rows_insert(table: Table, columns: tuple[str, ...]) -> Insert:
    """``insert_rows``' statement without its values, built once per table and columns;
    execute it with ``column_arrays(columns, rows)``."""
    return _unnested(table, columns, None)


@functools.lru_cache(maxsize=None)
def rows_upsert(table: Table, columns: tuple[str, ...], key: tuple[str, ...],
                keep: tuple[str, ...] = ()) -> Insert:
    """``rows_insert`` that, for a row whose ``key`` exists, updates its other ``columns``
    (but those in ``keep``) instead. Rows must have distinct keys (a statement cannot change
    a row twice)."""
    statement = rows_insert(table, columns)
    updated = {column: statement.excluded[column] for column in columns if column not in key + keep}
    return statement.on_conflict_do_update(index_elements=list(key), set_=updated)


def column_arrays(columns: Iterable[str], rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """The parameters of ``rows_insert``: each column's values in the rows' order."""
    return {f"{column}_values": [row[column] for row in rows] for column in columns}


def _unnested(table: Table, columns: tuple[str, ...], arrays: Mapping[str, list[Any]] | None) -> Insert:
    """With ``arrays`` the values are bound in the statement; without, they are required at execution."""
    def array(column: str) -> Any:
        name, type_ = f"{column}_values", ARRAY(table.c[column].type)
        return bindparam(name, type_=type_) if arrays is None else bindparam(name, arrays[name], type_=type_)

    return insert(table).from_select(list(columns), select(*(func.unnest(array(column)) for column in columns)))
