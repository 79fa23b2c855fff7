"""Managing subscriptions and integrator endpoints, and reading the personal feed and
delivery log. Scope comes from the token: a person manages their own subscriptions,
a region user their region's subscribers, an operator the integrator endpoints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

from shared.auth.principal import Principal, Role
from shared.errors import InvalidInput, NotFound
from shared.refdata import ReferenceData
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.domain import signing
from services.notify.domain.subscription import Frequency, Kind, PersonRole, Subscription

PEOPLE = (Role.NATIONAL, Role.REGION, Role.MUNICIPALITY)


@dataclass(frozen=True)
class SubscribePerson:
    actor: Principal
    name: str
    email: str
    role: PersonRole
    event_types: list[str]
    frequency: Frequency
    region_code: str | None
    municipality_code: str | None


@dataclass(frozen=True)
class AddEndpoint:
    actor: Principal
    name: str
    url: str
    event_types: list[str]
    region_code: str | None
    municipality_code: str | None
    secrets: list[str] | None


def _check_filter(actor: Principal, region: str | None, municipality: str | None, reference: ReferenceData) -> None:
    """The filter names real places, and a person follows only what their token may read."""
    if region is not None and region not in reference.regions:
        raise InvalidInput(f"unknown region {region}")
    known = reference.municipalities.get(municipality or "")
    if municipality is not None and (known is None or known.region_code != region):
        raise InvalidInput(f"{municipality} is not a municipality of {region}")
    if actor.role is Role.OPERATOR:
        return  # integrator endpoints follow whatever an operator sets up for them
    readable = actor.role is Role.NATIONAL or (region is not None and actor.can_read_region(region))
    actor.require(readable, f"follow events of {region or 'every region'}")
    if municipality is not None and region is not None:
        actor.require(actor.can_read_municipality(region, municipality), f"follow {municipality}")


async def subscribe_person(command: SubscribePerson, uow: NotifyUnitOfWork, reference: ReferenceData) -> Subscription:
    actor = command.actor
    actor.require(actor.role in PEOPLE, "subscribe people")
    region = command.region_code if command.region_code or actor.role is Role.NATIONAL else actor.region_code
    _check_filter(actor, region, command.municipality_code, reference)
    subscription = Subscription.for_person(
        id=uuid4(), owner=actor.subject, name=command.name, email=command.email, role=command.role,
        event_types=command.event_types, frequency=command.frequency, region_code=region,
        municipality_code=command.municipality_code,
    )
    async with uow:
        await uow.subscriptions.add(subscription)
        await uow.commit()
    return subscription


def may_manage(actor: Principal, subscription: Subscription) -> bool:
    if subscription.kind is Kind.ENDPOINT:
        return actor.role is Role.OPERATOR
    own = subscription.owner == actor.subject and actor.role in PEOPLE
    regional = actor.role is Role.REGION and subscription.region_code == actor.region_code
    return own or regional


async def list_subscriptions(actor: Principal, uow: NotifyUnitOfWork) -> list[Subscription]:
    async with uow:
        if actor.role is Role.OPERATOR:
            return await uow.subscriptions.visible(owner=actor.subject, region_code=None, kind=Kind.ENDPOINT)
        actor.require(actor.role in PEOPLE, "list subscriptions")
        region = actor.region_code if actor.role is Role.REGION else None
        return await uow.subscriptions.visible(owner=actor.subject, region_code=region, kind=Kind.PERSON)


async def _manageable(subscription_id: UUID, actor: Principal, uow: NotifyUnitOfWork) -> Subscription:
    subscription = await uow.subscriptions.get(subscription_id)
    # Someone else's subscription looks absent: a token learns nothing about other people.
    if subscription is None or not subscription.active or not may_manage(actor, subscription):
        raise NotFound(f"no subscription {subscription_id}")
    return subscription


async def unsubscribe(subscription_id: UUID, actor: Principal, uow: NotifyUnitOfWork) -> None:
    async with uow:
        await _manageable(subscription_id, actor, uow)
        await uow.subscriptions.deactivate(subscription_id)
        await uow.commit()


async def delivery_log(subscription_id: UUID, actor: Principal, uow: NotifyUnitOfWork) -> list[tuple[Any, list[Any]]]:
    async with uow:
        await _manageable(subscription_id, actor, uow)
        return await uow.deliveries.log_of(subscription_id)


async def personal_feed(actor: Principal, uow: NotifyUnitOfWork, limit: int) -> list[Any]:
    actor.require(actor.role in PEOPLE, "read a personal feed")
    async with uow:
        return await uow.deliveries.personal_feed(actor.subject, limit)


async def add_endpoint(command: AddEndpoint, uow: NotifyUnitOfWork, reference: ReferenceData) -> tuple[Subscription, list[str]]:
    actor = command.actor
    actor.require(actor.role is Role.OPERATOR, "manage integrator endpoints")
    if not command.url.startswith(("https://", "http://")):
        raise InvalidInput("an endpoint URL starts with https:// (or http://)")
    _check_filter(actor, command.region_code, command.municipality_code, reference)
    secrets = command.secrets or [signing.new_secret()]
    for secret in secrets:
        signing.key_of(secret)
    endpoint_id = uuid4()
    subscription = Subscription.for_endpoint(
        id=uuid4(), owner=actor.subject, endpoint_id=endpoint_id, event_types=command.event_types,
        region_code=command.region_code, municipality_code=command.municipality_code,
    )
    async with uow:
        await uow.endpoints.add(endpoint_id, command.name.strip() or command.url, command.url, secrets, actor.subject)
        await uow.subscriptions.add(subscription)
        await uow.commit()
    return subscription, secrets


async def set_endpoint_secrets(subscription_id: UUID, secrets: list[str], actor: Principal, uow: NotifyUnitOfWork) -> None:
    """Rotation: give the new secret with the old one, later the new one alone."""
    actor.require(actor.role is Role.OPERATOR, "manage integrator endpoints")
    if not secrets:
        raise InvalidInput("an endpoint keeps at least one secret")
    for secret in secrets:
        signing.key_of(secret)
    async with uow:
        subscription = await _manageable(subscription_id, actor, uow)
        await uow.endpoints.set_secrets(subscription.endpoint_id, secrets)  # type: ignore[arg-type]
        await uow.commit()
