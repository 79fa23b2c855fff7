"""API answers as the portal's templates read them, tolerantly.

The services' JSON field names are snake_case today; the NL GOV API Design Rules point
towards lowerCamelCase. A ``Record`` answers ``record.municipality_code`` from either
``municipality_code`` or ``municipalityCode``, and a field that is absent reads as None,
so a renamed or added field never breaks a page (tolerant reader). Lists and nested
objects are wrapped the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def wrap(value: Any) -> Any:
    if isinstance(value, Mapping):
        return Record(value)
    if isinstance(value, list):
        return [wrap(v) for v in value]
    return value


class Record(Mapping[str, Any]):
    """A read-only view of one JSON object."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        for key in (name, camel(name)):
            if key in self._data:
                return wrap(self._data[key])
        return default

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)

    def __getitem__(self, name: str) -> Any:
        found = self.get(name, _MISSING)
        if found is _MISSING:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def raw(self) -> Mapping[str, Any]:
        return self._data

    def __repr__(self) -> str:
        return f"Record({self._data!r})"


_MISSING = object()
