"""HTTP API for subscriptions (people), webhook endpoints (integrators and operators),
address confirmation and the delivery log."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, Response, status

from shared.auth.http import CurrentPrincipal
from shared.http.paging import Page, Paging, paginate
from services.notify.entrypoints.deps import Context, UnitOfWork
from services.notify.entrypoints.schemas import (
    AttemptOut,
    ConfirmationIn,
    ConfirmationOut,
    DeliveryOut,
    EndpointIn,
    EndpointOut,
    PersonSubscriptionIn,
    SecretsIn,
    SubscriptionOut,
)
from services.notify.handlers import subscriptions as handlers

router = APIRouter(tags=["subscriptions"])


@router.post("/subscriptions", status_code=status.HTTP_201_CREATED, response_model=SubscriptionOut)
async def subscribe(body: PersonSubscriptionIn, actor: CurrentPrincipal, uow: UnitOfWork, context: Context) -> SubscriptionOut:
    """Subscribe yourself (or, as a region user, one of your region's subscribers, e.g. a board member).

    The address in your token's email claim is subscribed at once; any other address
    is `pending` until the link in the confirmation message sent to it is followed."""
    command = handlers.SubscribePerson(actor, body.name, body.email, body.role, body.event_types, body.frequency,
                                       body.region_code, body.municipality_code)
    return SubscriptionOut.model_validate(await handlers.subscribe_person(command, uow, context))


@router.post("/subscription-confirmations", status_code=status.HTTP_201_CREATED, response_model=ConfirmationOut)
async def confirm(body: ConfirmationIn, uow: UnitOfWork, context: Context) -> ConfirmationOut:
    """Confirms an address with the token from the confirmation link (no sign-in: the token is the proof)."""
    subscription = await handlers.confirm(body.token, uow, context)
    return ConfirmationOut(status=subscription.status)


@router.get("/subscriptions", response_model=Page[SubscriptionOut])
async def list_subscriptions(paging: Paging, request: Request, actor: CurrentPrincipal, uow: UnitOfWork) -> Page[SubscriptionOut]:
    """The subscriptions the caller may manage."""
    return paginate([SubscriptionOut.model_validate(s) for s in await handlers.list_subscriptions(actor, uow)], paging, request)


@router.get("/subscriptions/{subscription_id}", response_model=SubscriptionOut)
async def read_subscription(subscription_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> SubscriptionOut:
    """One subscription the caller may manage; another's is absent (404)."""
    return SubscriptionOut.model_validate(await handlers.read_subscription(subscription_id, actor, uow))


@router.delete("/subscriptions/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT)
async def unsubscribe(subscription_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork, context: Context) -> Response:
    """End a subscription the caller may manage."""
    await handlers.unsubscribe(subscription_id, actor, uow, context)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/subscriptions/{subscription_id}/deliveries", response_model=Page[DeliveryOut])
async def deliveries(paging: Paging, request: Request, subscription_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> Page[DeliveryOut]:
    """The delivery log: every message to this subscriber, its attempts and the receiving server's answers."""
    return paginate([
        DeliveryOut(**{f: getattr(head, f) for f in DeliveryOut.model_fields if f not in ("log", "kind")},
                    kind=head.dedupe_key.split(":", 1)[0], log=[AttemptOut.model_validate(a) for a in attempts])
        for head, attempts in await handlers.delivery_log(subscription_id, actor, uow)
    ], paging, request)


@router.post("/endpoints", status_code=status.HTTP_201_CREATED, response_model=EndpointOut)
async def add_endpoint(body: EndpointIn, actor: CurrentPrincipal, uow: UnitOfWork, context: Context) -> EndpointOut:
    """A webhook endpoint receiving signed webhooks: an integrator registers its own (it then
    receives what integrators may see), an operator one for a partner system. A secret is made
    when none is given. The address must be https and resolve to public addresses only."""
    command = handlers.AddEndpoint(actor, body.name, body.url, body.event_types, body.region_code,
                                   body.municipality_code, body.secrets)
    subscription, secrets = await handlers.add_endpoint(command, uow, context)
    return EndpointOut.model_validate({**SubscriptionOut.model_validate(subscription).model_dump(), "secrets": secrets})


@router.put("/endpoints/{subscription_id}/secrets", status_code=status.HTTP_204_NO_CONTENT)
async def set_secrets(subscription_id: UUID, body: SecretsIn, actor: CurrentPrincipal, uow: UnitOfWork) -> Response:
    """Secret rotation: list the new and the old secret; every message is signed with each."""
    await handlers.set_endpoint_secrets(subscription_id, body.secrets, actor, uow)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
