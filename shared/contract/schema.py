"""The data part of an event as its own model, for AsyncAPI documents:
on the wire the envelope travels as ce_* headers and only this is the value."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, create_model

from shared.contract.envelope import IntegrationEvent


@cache
def data_model(cls: type[IntegrationEvent]) -> type[BaseModel]:
    fields = {
        name: (info.annotation, info)
        for name, info in cls.model_fields.items()
        if name not in cls.ENVELOPE_FIELDS
    }
    model = create_model(  # type: ignore[call-overload]
        cls.__name__,
        __config__=ConfigDict(title=cls.TYPE),
        __doc__=(cls.__doc__ or "").strip() + " CloudEvents attributes travel as ce_* headers (binary mode).",
        **fields,
    )
    return model
