"""Managing subscriptions and webhook endpoints, and reading the personal feed and
the delivery log. Scope comes from the token, checked here and nowhere else:

- a person (national, region, municipality user) subscribes within what their
  token may read, and manages their own subscriptions (owner = subject + issuer + scope);
- a region user also subscribes others in their region and manages the region's
  person subscriptions;
- an integrator registers and manages its own webhook endpoints;
- an operator registers endpoints for partner systems and manages every endpoint.

Someone else's subscription is absent on read (404) and refused on write (403);
neither answer names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

from shared.auth.principal import Principal, Role
from shared.errors import InvalidInput, NotFound, RuleViolation
from shared.net import UnsafeAddress
from shared.refdata import ReferenceData
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.domain import signing
from services.notify.domain.subscription import (
    Frequency,
    Kind,
    Owner,
    PersonRole,
    Status,
    Subscription,
    confirmation_text,
    token_hash,
)
from services.notify.domain.visibility import Scope
from services.notify.handlers.context import NotifyContext
from services.notify.handlers.deliveries import Document, enqueue_document

PEOPLE = (Role.NATIONAL, Role.REGION, Role.MUNICIPALITY)
ENDPOINT_OWNERS = (Role.OPERATOR, Role.INTEGRATOR)


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


def owner_of(actor: Principal) -> Owner:
    return Owner(actor.subject, actor.issuer, Scope(actor.role.value, actor.region_code, actor.municipality_code))


def _check_filter(actor: Principal, region: str | None, municipality: str | None, reference: ReferenceData) -> None:
    """The filter names real places, and a person follows only what their token may read.
    (What an integrator's endpoint may receive is decided per event: public data, every region.)"""
    if region is not None and region not in reference.regions:
        raise InvalidInput(f"unknown region {region}")
    known = reference.municipalities.get(municipality or "")
    if municipality is not None and (known is None or known.region_code != region):
        raise InvalidInput(f"{municipality} is not a municipality of {region}")
    if actor.role in ENDPOINT_OWNERS:
        return
    readable = actor.role is Role.NATIONAL or (region is not None and actor.can_read_region(region))
    actor.require(readable, "follow events outside its scope")
    if municipality is not None and region is not None:
        actor.require(actor.can_read_municipality(region, municipality), "follow another gemeente")


async def subscribe_person(command: SubscribePerson, uow: NotifyUnitOfWork, context: NotifyContext) -> Subscription:
    actor = command.actor
    actor.require(actor.role in PEOPLE, "subscribe people")
    region = command.region_code if command.region_code or actor.role is Role.NATIONAL else actor.region_code
    _check_filter(actor, region, command.municipality_code, context.reference)
    subscription = Subscription.for_person(
        id=uuid4(), owner=owner_of(actor), name=command.name, email=command.email, role=command.role,
        event_types=command.event_types, frequency=command.frequency, region_code=region,
        municipality_code=command.municipality_code, verified_email=actor.email,
    )
    async with uow:
        token = await _confirmation_needed(subscription, uow, context)
        await uow.subscriptions.add(subscription)
        if token:
            await _ask_to_confirm(subscription, token, uow, context)
        await uow.commit()
    context.subscriptions.invalidate()
    return subscription


async def _confirmation_needed(subscription: Subscription, uow: NotifyUnitOfWork, context: NotifyContext) -> str | None:
    if subscription.status is not Status.PENDING:
        return None
    if await uow.subscriptions.pending_of(subscription.owner) >= context.max_pending_confirmations:
        raise RuleViolation("too many subscriptions wait for their address to be confirmed; wait or cancel some")
    return subscription.ask_confirmation(context.clock(), context.confirmation_valid_for)


async def _ask_to_confirm(subscription: Subscription, token: str, uow: NotifyUnitOfWork, context: NotifyContext) -> None:
    assert subscription.confirmation_expires_at is not None
    link = context.link(f"abonnementen/bevestigen?token={token}")
    subject, body = confirmation_text(subscription.name or "", link, subscription.confirmation_expires_at)
    document = Document(key=f"confirmation:{subscription.id}", region_code=subscription.region_code or "NL",
                        subject=subject, body=body)
    await enqueue_document(document, [subscription], uow, context.clock())


async def confirm(token: str, uow: NotifyUnitOfWork, context: NotifyContext) -> Subscription:
    """The link in the confirmation message was followed: the subscription starts."""
    async with uow:
        subscription = await uow.subscriptions.awaiting(token_hash(token))
        if subscription is None:
            raise NotFound("no subscription waits for this confirmation")
        subscription.confirm(token, context.clock())
        await uow.subscriptions.save_status(subscription)
        await uow.commit()
    context.subscriptions.invalidate()
    return subscription


def may_manage(actor: Principal, subscription: Subscription) -> bool:
    if subscription.owner == owner_of(actor):
        return True
    if subscription.kind is Kind.ENDPOINT:
        return actor.role is Role.OPERATOR
    return actor.role is Role.REGION and subscription.region_code == actor.region_code


async def list_subscriptions(actor: Principal, uow: NotifyUnitOfWork) -> list[Subscription]:
    async with uow:
        if actor.role in ENDPOINT_OWNERS:
            return await uow.subscriptions.visible(owner_of(actor), None, Kind.ENDPOINT,
                                                   everyone=actor.role is Role.OPERATOR)
        actor.require(actor.role in PEOPLE, "list subscriptions")
        managed = actor.region_code if actor.role is Role.REGION else None
        return await uow.subscriptions.visible(owner_of(actor), managed, Kind.PERSON)


async def _visible(subscription_id: UUID, actor: Principal, uow: NotifyUnitOfWork) -> Subscription:
    subscription = await _current(subscription_id, uow)
    # Someone else's subscription looks absent to read: a token learns nothing about other
    # people (the platform's rule, shared/auth/principal.py).
    if not may_manage(actor, subscription):
        raise NotFound("no such subscription")
    return subscription


async def _to_change(subscription_id: UUID, actor: Principal, uow: NotifyUnitOfWork, what: str) -> Subscription:
    """A write addressed to someone else's subscription is refused (403), like every write out of scope."""
    subscription = await _current(subscription_id, uow)
    actor.require(may_manage(actor, subscription), what)
    return subscription


async def _current(subscription_id: UUID, uow: NotifyUnitOfWork) -> Subscription:
    subscription = await uow.subscriptions.get(subscription_id)
    if subscription is None or subscription.status is Status.ENDED:
        raise NotFound("no such subscription")
    return subscription


async def read_subscription(subscription_id: UUID, actor: Principal, uow: NotifyUnitOfWork) -> Subscription:
    async with uow:
        return await _visible(subscription_id, actor, uow)


async def unsubscribe(subscription_id: UUID, actor: Principal, uow: NotifyUnitOfWork, context: NotifyContext) -> None:
    async with uow:
        subscription = await _to_change(subscription_id, actor, uow, "end this subscription")
        subscription.end()
        await uow.subscriptions.save_status(subscription)
        await uow.deliveries.cancel_of(subscription_id)
        await uow.commit()
    context.subscriptions.invalidate()


async def delivery_log(subscription_id: UUID, actor: Principal, uow: NotifyUnitOfWork) -> list[tuple[Any, list[Any]]]:
    async with uow:
        await _visible(subscription_id, actor, uow)
        return await uow.deliveries.log_of(subscription_id)


async def personal_feed(actor: Principal, uow: NotifyUnitOfWork, limit: int) -> list[Any]:
    actor.require(actor.role in PEOPLE, "read a personal feed")
    async with uow:
        return await uow.deliveries.personal_feed(owner_of(actor), limit)


async def add_endpoint(command: AddEndpoint, uow: NotifyUnitOfWork,
                       context: NotifyContext) -> tuple[Subscription, list[str]]:
    actor = command.actor
    actor.require(actor.role in ENDPOINT_OWNERS, "register webhook endpoints")
    _check_filter(actor, command.region_code, command.municipality_code, context.reference)
    await check_webhook_url(command.url, context)
    secrets = _checked_secrets(command.secrets or [signing.new_secret()])
    endpoint_id = uuid4()
    subscription = Subscription.for_endpoint(
        id=uuid4(), owner=owner_of(actor), endpoint_id=endpoint_id, event_types=command.event_types,
        region_code=command.region_code, municipality_code=command.municipality_code,
    )
    async with uow:
        await uow.endpoints.add(endpoint_id, command.name.strip() or "webhook", command.url, secrets, actor.subject)
        await uow.subscriptions.add(subscription)
        await uow.commit()
    context.subscriptions.invalidate()
    return subscription, secrets


async def check_webhook_url(url: str, context: NotifyContext) -> None:
    """The same rules the delivery's connection applies, checked now for a clear answer."""
    try:
        await context.guard.check_url(url)
    except UnsafeAddress as refusal:
        raise InvalidInput(f"webhook address refused: {refusal}") from None


def _checked_secrets(secrets: list[str]) -> list[str]:
    if not secrets:
        raise InvalidInput("an endpoint keeps at least one secret")
    for secret in secrets:
        signing.key_of(secret)
    return secrets


async def set_endpoint_secrets(subscription_id: UUID, secrets: list[str], actor: Principal, uow: NotifyUnitOfWork) -> None:
    """Rotation: give the new secret with the old one, later the new one alone."""
    actor.require(actor.role in ENDPOINT_OWNERS, "manage webhook endpoints")
    _checked_secrets(secrets)
    async with uow:
        subscription = await _to_change(subscription_id, actor, uow, "manage this endpoint")
        if subscription.kind is not Kind.ENDPOINT:
            raise NotFound("no such endpoint")
        await uow.endpoints.set_secrets(subscription.endpoint_id, secrets)  # type: ignore[arg-type]
        await uow.commit()
