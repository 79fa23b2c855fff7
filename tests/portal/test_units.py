"""The portal's pure parts: Dutch formats, the tolerant reading of API answers, form state and
the mapping of API field errors, the noodsteunpunt form's body, chart geometry, access."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from shared.auth.principal import Principal, Role
from services.portal.adapters.records import Record, wrap
from services.portal.domain import dutch, labels
from services.portal.domain.charts import Series, bar_chart
from services.portal.domain.forms import Form, field_name, in_dutch
from services.portal.domain.noodsteunpunt_form import EDIT_FIELDS, REGISTER_FIELDS, body_of, values_from_api
from services.portal.domain.user import AccessDenied, User


def test_money_and_numbers_in_dutch():
    assert dutch.euro(9_000_000) == "€ 90.000,00"
    assert dutch.euro(140_000_000) == "€ 1.400.000,00"
    assert dutch.euro(-140_005) == "€ -1.400,05"
    assert dutch.euro(7) == "€ 0,07"
    assert dutch.number(205_000) == "205.000"
    assert dutch.percentage("5") == "5,0%"
    assert dutch.percentage(Decimal("12.25")) == "12,3%"  # half up
    assert dutch.share(1, 20) == "5,0%"
    with pytest.raises(TypeError):
        dutch.euro(1.5)  # type: ignore[arg-type]


def test_dates_in_dutch():
    assert dutch.day("2025-10-01") == "1 oktober 2025"
    assert dutch.day(date(2026, 3, 9)) == "9 maart 2026"
    # 23:30 UTC on 31 December is already 1 January in Amsterdam.
    assert dutch.moment(datetime(2025, 12, 31, 23, 30, tzinfo=timezone.utc)) == "1 januari 2026 om 00:30"
    assert dutch.moment("2025-10-08T17:30:00+00:00") == "8 oktober 2025 om 19:30"
    assert dutch.day(None) == "–"


def test_records_read_snake_or_camel_case_and_absent_fields_as_none():
    record = wrap({"municipalityCode": "GM0828", "amount_cents": 100, "votes": [{"vote": "agree"}]})
    assert record.municipality_code == "GM0828"
    assert record.amount_cents == 100
    assert record.votes[0].vote == "agree"
    assert record.not_there is None
    assert record["municipality_code"] == "GM0828"
    assert isinstance(record, Record)


def test_api_field_errors_land_next_to_their_fields_in_dutch():
    form = Form()
    form.add_api_errors([
        {"in": "body", "location": "#/name", "code": "missing", "detail": "Field required"},
        {"in": "body", "location": "#/details/services/0/capacity", "code": "greater_than_equal", "detail": "x"},
        {"in": "body", "location": "#/details", "code": "value_error",
         "detail": "Value error, trained_volunteers cannot exceed volunteers"},
    ], ["name", "details.services"], "fallback")
    assert form.errors == {"name": "Vul dit veld in.", "details.services": "Dit getal is te klein."}
    assert form.summary == ["Er kunnen niet meer getrainde dan gewone vrijwilligers zijn."]
    assert field_name("#/details/capacity_people") == "details.capacity_people"


def test_csv_messages_in_dutch():
    assert in_dutch("'provinciaal' is not one of local, regional") == "'provinciaal' is geen van: local, regional."
    assert in_dutch("same name as row 2") == "Dezelfde naam als rij 2."
    assert in_dutch("something new").startswith("Controleer deze waarde")


def test_a_refused_vote_in_dutch():
    uuid = "0b6a3c1e-8a51-4a0e-9d0f-0c5e2f4b7a11"
    assert in_dutch(f"proposal {uuid} is already rejected") == (
        "Over dit voorstel is al besloten: er kan niet meer over worden gestemd.")
    assert in_dutch(f"GM0828 already voted on proposal {uuid}").startswith("Uw gemeente heeft al over dit voorstel gestemd")
    assert labels.label("vote", "agree") == "voor" and labels.label("vote", "object") == "tegen"
    assert labels.label("rule_meaning", "unanimous").startswith("aangenomen als alle betrokken gemeenten voor stemmen")


def test_a_refusal_without_field_errors_still_tells_the_user_something():
    form = Form()
    form.add_api_errors([], ["name"], "Het kon niet.")
    assert form.summary == ["Het kon niet."] and form.invalid


def test_register_body_leaves_out_empty_fields_and_passes_unreadable_numbers_on():
    values = {f.name: "" for f in REGISTER_FIELDS} | {
        "name": "Dorpshuis", "layer": "local", "public": True, "readiness": "planned",
        "details.services": ["information", "warmth"], "details.capacity_people": "veel",
        "details.latitude": "51,76", "details.volunteers": "4", "details.contact_means": [],
        "details.open_24_7": False, "details.wheelchair_access": False, "details.grid_independent_heating": False,
    }
    body = body_of(values, REGISTER_FIELDS, for_update=False)
    assert body["name"] == "Dorpshuis" and body["public"] is True
    assert body["details"]["services"] == [{"service": "information"}, {"service": "warmth"}]
    assert body["details"]["capacity_people"] == "veel"  # the service says why, in its one place for rules
    assert body["details"]["latitude"] == 51.76 and body["details"]["volunteers"] == 4
    assert "host_organisation" not in body["details"]


def test_update_body_clears_optional_fields_and_keeps_required_ones_valid():
    nsp = wrap({"name": "Oud", "layer": "local", "public": False, "readiness": "planned",
                "details": {"host_organisation": "Stichting", "volunteers": 3, "services": [{"service": "food"}]}})
    values = values_from_api(nsp) | {"details.host_organisation": "", "details.volunteers": "", "name": ""}
    body = body_of(values, EDIT_FIELDS, for_update=True)
    assert body["details"]["host_organisation"] is None
    assert body["details"]["volunteers"] == 0
    assert body["name"] == ""  # refused by the service as too short: the user emptied the name
    assert body["details"]["services"] == [{"service": "food"}]


def test_bar_chart_geometry():
    chart = bar_chart("Geld", "uitleg", ["2025", "2026"],
                      [Series("toegekend", [18_000_000, 40_000_000]), Series("uitgegeven", [0, 10_000_000])], dutch.euro)
    tallest = max(chart.bars, key=lambda b: b.height)
    assert tallest.title == "toegekend, 2026: € 400.000,00"
    assert chart.ticks[-1].label == "€ 500.000,00"  # the axis ends at a round number above the peak
    assert all(b.y + b.height == pytest.approx(chart.baseline) for b in chart.bars)
    assert [entry.label for entry in chart.legend] == ["toegekend", "uitgegeven"]


def test_labels_in_dutch_and_unknown_codes_shown_as_they_are():
    assert labels.label("readiness", "operational") == "operationeel"
    assert labels.label("service", "drinking_water") == "drinkwater"
    assert labels.label("readiness", "brand_new") == "brand new"
    assert labels.next_readiness("planned") == "inventoried" and labels.next_readiness("operational") is None
    assert labels.criterion({"key": "emergency_power", "label": "Emergency power"}).startswith("Noodstroom")


def test_a_gemeente_user_reads_only_its_own_gemeente():
    oss = User(Principal("u", Role.MUNICIPALITY, "VR21", "GM0828"), "token", "Oss")
    oss.require_municipality("GM0828", "VR21", manage=True)
    with pytest.raises(AccessDenied):
        oss.require_municipality("GM0796", "VR21")
    with pytest.raises(AccessDenied):
        oss.require_region("VR21")
    region = User(Principal("r", Role.REGION, "VR21"), "token", "VR21")
    region.require_municipality("GM0796", "VR21")
    with pytest.raises(AccessDenied):
        region.require_municipality("GM0796", "VR21", manage=True)
    with pytest.raises(AccessDenied):
        region.require_region("VR01")
    assert oss.home == "/gemeenten/GM0828" and region.home == "/regios/VR21"


async def test_every_api_call_carries_the_users_token_and_the_pages_trace():
    import httpx

    from services.portal.adapters.api import TRACE_ID, ApiClient, ApiError

    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/refused"):
            return httpx.Response(400, json={"status": 400, "title": "Ongeldige invoer", "detail": "x",
                                             "errors": [{"in": "body", "location": "#/name", "code": "missing", "detail": "d"}]})
        return httpx.Response(200, json={"items": [{"a": 1}], "page": 1, "pageSize": 200, "totalItems": 1, "totalPages": 1})

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        api = ApiClient(http, {"inventory": "http://inventory.test"})
        trace = TRACE_ID.set("4bf92f3577b34da6a3ce929d0e0e4736")
        try:
            assert [item.a for item in await api.items("inventory", "/things", "the-token")] == [1]
            with pytest.raises(ApiError) as refused:
                await api.send("POST", "inventory", "/refused", "the-token", json={})
        finally:
            TRACE_ID.reset(trace)
    assert str(seen[0].url) == "http://inventory.test/v1/things?page=1&pageSize=200"
    assert all(r.headers["authorization"] == "Bearer the-token" for r in seen)
    assert all(r.headers["traceparent"].startswith("00-4bf92f3577b34da6a3ce929d0e0e4736-") for r in seen)
    assert refused.value.status == 400 and refused.value.errors[0].location == "#/name"
