"""What a noodsteunpunt offers and needs: services, resilience, access, staffing, checks.

A pydantic model (not a framework): the HTTP API, the CSV import and the aggregate
validate attributes with the same rules, so an error names the same field everywhere.
"""

from __future__ import annotations

import enum
from datetime import date
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Service(str, enum.Enum):
    INFORMATION = "information"
    EMERGENCY_REPORTS = "emergency_reports"  # relaying reports to 112 when phones are down
    FIRST_AID = "first_aid"
    DRINKING_WATER = "drinking_water"
    FOOD = "food"
    MEDICATION = "medication"
    WARMTH = "warmth"
    CHARGING = "charging"
    TOILETS = "toilets"
    INTERNET = "internet"  # internet or satellite link
    PSYCHOSOCIAL_SUPPORT = "psychosocial_support"
    PETS = "pets"


class ContactMeans(str, enum.Enum):
    C2000 = "c2000"
    RADIO = "radio"
    SATELLITE_PHONE = "satellite_phone"
    LANDLINE = "landline"


class WaterSupply(str, enum.Enum):
    NONE = "none"
    MAINS = "mains"
    STORED = "stored"
    WELL = "well"


class OfferedService(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    service: Service
    capacity: int | None = Field(default=None, ge=1, description="people per day it can serve, when known")


class Details(BaseModel):
    """Every attribute of a noodsteunpunt beyond its name, layer and place in the registry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host_organisation: str | None = Field(default=None, max_length=200)
    building_type: str | None = Field(default=None, max_length=100)
    address: str | None = Field(default=None, max_length=300)
    latitude: float | None = Field(default=None, ge=50.5, le=53.7, description="WGS84; within the Netherlands")
    longitude: float | None = Field(default=None, ge=3.2, le=7.3, description="WGS84; within the Netherlands")
    services: tuple[OfferedService, ...] = ()
    generator_fuel_hours: int | None = Field(default=None, ge=0, le=24 * 365)
    grid_independent_heating: bool = False
    water_supply: WaterSupply = WaterSupply.NONE
    contact_means: tuple[ContactMeans, ...] = ()
    wheelchair_access: bool = False
    capacity_people: int | None = Field(default=None, ge=1, le=100_000)
    open_24_7: bool = False
    opening_hours: str | None = Field(default=None, max_length=200)
    volunteers: int = Field(default=0, ge=0)
    trained_volunteers: int = Field(default=0, ge=0)
    key_holder_contact: str | None = Field(default=None, max_length=200)
    last_exercise_on: date | None = None
    last_inspection_on: date | None = None

    @field_validator("services")
    @classmethod
    def _one_entry_per_service(cls, value: tuple[OfferedService, ...]) -> tuple[OfferedService, ...]:
        names = [s.service for s in value]
        if len(names) != len(set(names)):
            raise ValueError("each service may be listed once")
        return value

    @field_validator("contact_means")
    @classmethod
    def _distinct_contact_means(cls, value: tuple[ContactMeans, ...]) -> tuple[ContactMeans, ...]:
        return tuple(dict.fromkeys(value))

    @model_validator(mode="after")
    def _consistent(self) -> "Details":
        if self.trained_volunteers > self.volunteers:
            raise ValueError("trained_volunteers cannot exceed volunteers")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        return self

    def service_names(self) -> list[str]:
        return [s.service.value for s in self.services]

    def changed_fields(self, other: "Details") -> list[str]:
        return [name for name in Details.model_fields if getattr(self, name) != getattr(other, name)]
