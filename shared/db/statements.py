"""DML statements a repository builds once, at import, instead of per write.

SQLAlchemy computes a statement's cache key every time it is executed, and building one
(``insert().values(...)``, ``update().where(...).values(...)``) coerces every value into a
bound parameter first: per request, that is more work than the write itself asks. A
statement built once without values takes them as execution parameters, so its compiled
form (and asyncpg's prepared statement) is found at once.

    _UPDATE = update_by_id(pilots)
    await session.execute(_UPDATE, {ROW_ID: pilot.id, **row})
"""

from __future__ import annotations

from sqlalchemy import Table, Update, bindparam

ROW_ID = "row_id"  # not a column's name: the SET clause takes the columns' own names


def update_by_id(table: Table) -> Update:
    """``UPDATE table SET <the parameters' columns> WHERE id = :row_id`` (``onupdate`` columns too)."""
    return table.update().where(table.c.id == bindparam(ROW_ID))
