"""The issue's demo scenario against a running campaign service:

    python -m services.campaign.demo --base-url http://127.0.0.1:8003

Denk Vooruit and the noodpakket campaign (seeded from data/), their toolkits published,
a Brabant-Noord wave refused before the campaign period and launched in November 2025,
local versions for the wave's municipalities, the October activities in the calendar,
and a before-and-after survey (illustrative figures, data/demo_surveys.json).
Tokens are minted with the default (local development) auth settings.
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from shared.http.client import api_client
from shared.auth.principal import Principal, Role
from shared.auth.tokens import mint
from shared.refdata import load_reference_data
from shared.settings import AuthSettings
from services.campaign.adapters import data_files

REGION = "VR21"
WAVE_MONTH = ("2025-11-03", "2025-11-28")
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


@dataclass
class DemoReport:
    campaigns: dict[str, str] = field(default_factory=dict)  # name -> id
    toolkits: dict[str, int] = field(default_factory=dict)  # campaign name -> published version
    wave: dict[str, Any] = field(default_factory=dict)
    refused_launch: str = ""
    local_versions: dict[str, str] = field(default_factory=dict)  # municipality code -> local version id
    refused_renders: dict[str, str] = field(default_factory=dict)  # municipality code -> reason
    october_activities: list[str] = field(default_factory=list)
    effect: dict[str, Any] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.lines.append(line)
        print(line, flush=True)


class Demo:
    def __init__(self, client: httpx.AsyncClient, auth: AuthSettings) -> None:
        self.client = client
        self.auth = auth
        self.report = DemoReport()

    def headers(self, role: Role, region: str | None = None, municipality: str | None = None) -> dict[str, str]:
        principal = Principal(f"demo-{municipality or region or role.value}", role, region, municipality)
        return {"Authorization": f"Bearer {mint(self.auth, principal)}"}

    @property
    def national(self) -> dict[str, str]:
        return self.headers(Role.NATIONAL)

    @property
    def region(self) -> dict[str, str]:
        return self.headers(Role.REGION, REGION)

    async def call(self, method: str, path: str, headers: dict[str, str], body: Any = None, expect: int = 200) -> Any:
        response = await self.client.request(method, path, json=body, headers=headers)
        if response.status_code != expect:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text}")
        return response.json()

    async def run(self) -> DemoReport:
        denk_vooruit, noodpakket = await self.campaigns()
        await self.toolkit(denk_vooruit, self.national)
        toolkit = await self.toolkit(noodpakket, self.region)
        wave = await self.wave(noodpakket, toolkit)
        await self.local_versions(toolkit, wave["municipality_codes"])
        await self.activities()
        await self.surveys(wave)
        await self.complete(wave)
        return self.report

    async def campaigns(self) -> tuple[dict, dict]:
        [denk_vooruit] = (await self.call("POST", "/campaigns/seed", self.national))["items"]
        [noodpakket] = (await self.call("POST", "/campaigns/seed", self.region))["items"]
        for c in (denk_vooruit, noodpakket):
            self.report.campaigns[c["name"]] = c["id"]
            self.report.say(f"campaign   {c['name']} ({c['level']}, {c['owner']}) {c['starts_on']} .. {c['ends_on']}")
        return denk_vooruit, noodpakket

    async def toolkit(self, campaign: dict, headers: dict[str, str]) -> dict:
        templates = data_files.load("toolkit_templates.json")[campaign["name"]]
        draft = await self.call("POST", f"/campaigns/{campaign['id']}/toolkits", headers, {"templates": templates}, 201)
        published = await self.call("POST", f"/toolkits/{draft['id']}/publish", headers)
        self.report.toolkits[campaign["name"]] = published["version"]
        channels = ", ".join(t["channel"] for t in published["templates"])
        self.report.say(f"toolkit    {campaign['name']} v{published['version']} published: {channels}")
        return published

    async def wave(self, campaign: dict, toolkit: dict) -> dict:
        body = {
            "campaign_id": campaign["id"], "toolkit_version_id": toolkit["id"], "name": "Brabant-Noord november 2025",
            "channels": ["door_to_door", "poster", "flyer", "local_newspaper", "social_post"],
            "materials": [{"template_key": "poster", "printed": 2_500}, {"template_key": "flyer", "printed": 300_000}],
            "planned_start": WAVE_MONTH[0], "planned_end": WAVE_MONTH[1],
        }
        wave = await self.call("POST", "/waves", self.region, body, 201)
        refused = await self.client.post(f"/waves/{wave['id']}/launch", json={"launched_on": "2025-10-27"}, headers=self.region)
        self.report.refused_launch = f"{refused.status_code} {refused.json()['detail']}"
        self.report.say(f"wave       launch on 2025-10-27 refused: {self.report.refused_launch}")
        wave = await self.call("POST", f"/waves/{wave['id']}/launch", self.region, {"launched_on": WAVE_MONTH[0]})
        self.report.wave = wave
        self.report.say(f"wave       {wave['name']} launched {wave['launched_on']} in {len(wave['municipality_codes'])} municipalities")
        return wave

    async def local_versions(self, toolkit: dict, municipalities: list[str]) -> None:
        names = load_reference_data().municipalities
        for code in municipalities:
            await self.call("PUT", f"/municipalities/{code}/contact", self.region, {"website": f"www.{_slug(names[code].name)}.nl/noodpakket"})
            headers = self.headers(Role.MUNICIPALITY, REGION, code)
            response = await self.client.post(f"/toolkits/{toolkit['id']}/local-versions/{code}", headers=headers)
            if response.status_code == 201:
                local = response.json()
                self.report.local_versions[code] = local["id"]
                self.report.say(f"local      {names[code].name}: rendered, {len(local['noodsteunpunt_ids'])} noodsteunpunten listed")
            else:
                self.report.refused_renders[code] = response.json()["detail"]
                self.report.say(f"local      {names[code].name}: refused ({response.status_code}) {response.json()['detail']}")

    async def activities(self) -> None:
        await self.call("POST", "/activities/seed", self.national)
        await self.call("POST", "/activities/seed", self.region)
        window = {"from": "2025-10-01T00:00:00+02:00", "to": "2025-11-01T00:00:00+01:00"}
        response = await self.client.get("/activities", params=window, headers=self.region)
        for activity in response.json()["items"]:
            self.report.october_activities.append(activity["title"])
            starts = datetime.fromisoformat(activity["starts_at"]).astimezone(LOCAL_TIME)
            self.report.say(f"calendar   {starts:%Y-%m-%d %H:%M} {activity['kind']}: {activity['place']}")

    async def surveys(self, wave: dict) -> None:
        data = data_files.load("demo_surveys.json")
        for phase in ("before", "after"):
            for result in data[phase]["results"]:
                respondents = result["respondents"]
                await self.call("POST", "/surveys", self.region, {
                    "wave_id": wave["id"], "phase": phase, "surveyed_on": data[phase]["surveyed_on"],
                    "municipality_code": result["municipality_code"], "respondents": respondents,
                    "complete_kit": result["complete_kit"],
                    "having": {k: respondents * pct // 100 for k, pct in result["share_pct"].items()},
                }, 201)
        effect = await self.call("GET", f"/waves/{wave['id']}/effect", self.region)
        water = next(i for i in effect["items"] if i["item"] == "water")
        self.report.effect = {
            "water": (water["before_pct"], water["after_pct"], water["difference_points"]),
            "complete_kit": (effect["before"]["complete_kit_share_pct"], effect["after"]["complete_kit_share_pct"],
                             effect["complete_kit_difference_points"]),
        }
        before, after, points = self.report.effect["complete_kit"]
        self.report.say(f"survey     water {water['before_pct']}% -> {water['after_pct']}% ({_signed(water['difference_points'])} pp); "
                        f"complete kit {before}% -> {after}% ({_signed(points)} pp) [illustrative figures]")

    async def complete(self, wave: dict) -> None:
        done = await self.call("POST", f"/waves/{wave['id']}/complete", self.region, {
            "completed_on": WAVE_MONTH[1], "households_reached": 268_000, "people_reached": 590_000,
            "distributed": {"poster": 2_350, "flyer": 281_000},
        })
        self.report.wave = done
        self.report.say(f"wave       completed {done['completed_on']}: {done['reach']['households']} households reached")


def _signed(points: str) -> str:
    return points if points.startswith("-") else f"+{points}"


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower().replace(" ", "") if ch.isalnum() or ch == "-")


async def run_demo(base_url: str, auth: AuthSettings | None = None) -> DemoReport:
    async with api_client(base_url) as client:
        return await Demo(client, auth or AuthSettings()).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.campaign.demo")
    parser.add_argument("--base-url", default="http://127.0.0.1:8003")
    asyncio.run(run_demo(parser.parse_args(argv).base_url))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
