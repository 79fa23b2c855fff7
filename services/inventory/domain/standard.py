"""The standard ('maatstaf') for noodsteunpunten: versioned criteria, and each NSP's compliance.

A criterion names a check from a small fixed vocabulary, so a new version can be
configured as data (JSON) without code:
    {"kind": "service", "service": "information"}            the NSP offers this service
    {"kind": "at_least", "attribute": "...", "value": 72}    a number attribute is at least value
    {"kind": "true", "attribute": "..."}                     a yes/no attribute is yes
    {"kind": "any_of", "attribute": "...", "values": [..]}   a list attribute holds one of values
    {"kind": "not_none", "attribute": "..."}                 an attribute is filled in
    {"kind": "within_days", "attribute": "...", "days": 365} a date attribute is that recent
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from shared.contract.inventory import StandardPublished
from shared.errors import InvalidInput
from services.inventory.domain.details import Details, Service

CheckKind = Literal["service", "at_least", "true", "any_of", "not_none", "within_days"]
_DETAIL_FIELDS = frozenset(Details.model_fields)


class Check(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: CheckKind
    service: Service | None = None
    attribute: str | None = None
    value: int | None = None
    values: tuple[str, ...] = ()
    days: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _complete(self) -> "Check":
        if self.kind == "service":
            if self.service is None:
                raise ValueError("a service check names the service")
            return self
        if self.attribute not in _DETAIL_FIELDS:
            raise ValueError(f"unknown attribute {self.attribute!r}")
        needs = {"at_least": self.value, "any_of": self.values or None, "within_days": self.days}
        if self.kind in needs and needs[self.kind] is None:
            raise ValueError(f"a {self.kind} check needs its {'values' if self.kind == 'any_of' else 'value'}")
        return self


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z0-9_]+$", max_length=60)
    label: str = Field(min_length=1, max_length=200)
    required: bool
    weight: int = Field(ge=0, le=100)
    check: Check


class Standard(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1)
    criteria: tuple[Criterion, ...] = Field(min_length=1)

    @field_validator("criteria")
    @classmethod
    def _unique_keys_and_information_required(cls, value: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
        keys = [c.key for c in value]
        if len(keys) != len(set(keys)):
            raise ValueError("criterion keys must be unique")
        # Information is the one function every NSP offers, whatever the pilots add (domain notes).
        if not any(c.required and c.check.kind == "service" and c.check.service is Service.INFORMATION for c in value):
            raise ValueError("every version requires the information service")
        return value

    @classmethod
    def parse(cls, version: int, criteria: Any) -> "Standard":
        try:
            return cls(version=version, criteria=criteria)
        except ValidationError as error:
            raise InvalidInput(f"not a valid standard: {_first_errors(error)}") from None

    def published_event(self) -> StandardPublished:
        return StandardPublished(
            subject=f"standard/{self.version}",
            region_code="NL",
            version=self.version,
            criteria=[c.model_dump(mode="json") for c in self.criteria],
        )

    def evaluate(self, details: Details, today: date) -> "Compliance":
        met = [c for c in self.criteria if _holds(c.check, details, today)]
        missing = [c for c in self.criteria if c not in met]
        total = sum(c.weight for c in self.criteria)
        score = round(100 * sum(c.weight for c in met) / total) if total else 100
        return Compliance(
            standard_version=self.version,
            compliant=not any(c.required for c in missing),
            score=score,
            missing=[{"key": c.key, "label": c.label, "required": c.required} for c in missing],
        )


@dataclass(frozen=True)
class Compliance:
    standard_version: int
    compliant: bool  # every required criterion met
    score: int  # share of the criteria's weight met, 0..100
    missing: list[dict[str, Any]]


def _holds(check: Check, details: Details, today: date) -> bool:
    if check.kind == "service":
        return check.service is not None and check.service.value in details.service_names()
    value = getattr(details, check.attribute or "")
    if check.kind == "at_least":
        return isinstance(value, int) and not isinstance(value, bool) and value >= (check.value or 0)
    if check.kind == "true":
        return value is True
    if check.kind == "any_of":
        held = {getattr(v, "value", v) for v in (value or ())}
        return bool(held & set(check.values))
    if check.kind == "not_none":
        return value not in (None, "", ())
    if check.kind == "within_days":
        return isinstance(value, date) and not isinstance(value, datetime) and (today - value).days <= (check.days or 0)
    return False


def _first_errors(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()[:5])
