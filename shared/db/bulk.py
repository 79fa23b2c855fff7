"""Many rows in one statement, with one parameter per column: the rows' values of each
column go as one array, unnested side by side in the rows' order.

Unlike an executemany, the statement is executed once, and its parameters are processed
once whatever the number of rows (an executemany processes and executes every row);
unlike a multi-row VALUES, its SQL is the same for any number of rows, so it is compiled
once and cached (by SQLAlchemy, and prepared once by asyncpg).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY, Insert, insert


def insert_rows(table: Table, rows: Sequence[Mapping[str, Any]]) -> Insert:
    """``INSERT INTO table (columns) SELECT unnest(:a), unnest(:b), ...``; every row names
    the same columns. Add ``on_conflict_do_...`` as needed (``excluded`` names the row)."""
    if not rows:
        raise ValueError("insert_rows needs at least one row")
    columns = list(rows[0])
    arrays = select(*(func.unnest(bindparam(f"{column}_values", [row[column] for row in rows],
                                            type_=ARRAY(table.c[column].type)))
                      for column in columns))
    return insert(table).from_select(columns, arrays)
