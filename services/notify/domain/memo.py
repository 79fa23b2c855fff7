"""The periodic memo for a region's general board (Algemeen Bestuur), in the shape of
the programme's own memo: Aan / Datum / Steller / Betreft; Aanleiding; Kernboodschap;
De stand van zaken in cijfers; Landelijke en Regionale ontwikkelingen (summarised per
theme, never a line per event); Besluitvorming; Vervolg; Komende activiteiten; an
appendix grouped per gemeente and named.

Pure: ``compose`` takes the region's and the national events known by the period's
end (notify's read model, ``memo_facts``) and returns the memo's content; the HTML
template and the PDF renderer only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from shared.documents import dutch, words
from services.notify.domain.memo_facts import MINIMUM_PILOTS, PILOT_YEARS, MemoEvent, RegionState, fold
from services.notify.domain.memo_sentences import Period, key_messages, national, next_steps, decisions, themes

DEFAULT_NORM = 5_000


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    population: int


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    municipalities: tuple[Municipality, ...]

    def name_of(self, code: str) -> str:
        return next((m.name for m in self.municipalities if m.code == code), code)


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class Group:
    title: str
    rows: list[Row]


@dataclass(frozen=True)
class MoneyYear:
    year: int
    allocated: int
    committed: int
    spent: int
    remaining: int


@dataclass(frozen=True)
class CoverageLine:
    name: str
    population: int
    needed: int
    registered: int
    operational: int

    @property
    def gap(self) -> int:
        return max(0, self.needed - self.operational)


@dataclass(frozen=True)
class Theme:
    title: str
    sentences: list[str]


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Upcoming:
    when: str
    what: str


@dataclass(frozen=True)
class Memo:
    region_code: str
    region_name: str
    period_start: date
    period_end: date
    dated: date
    occasion: list[str]
    key_messages: list[str]
    figures: list[Group]
    money: list[MoneyYear]
    coverage: list[CoverageLine]
    national: list[str]
    themes: list[Theme]
    decisions: list[str]
    next_steps: list[str]
    upcoming: list[Upcoming]
    appendix: list[Table]
    event_count: int
    norm: int = DEFAULT_NORM
    attachments: list[str] = field(default_factory=lambda: ["Overzicht per gemeente (bijlage bij deze memo)"])

    @property
    def subject(self) -> str:
        return f"Weerbare Samenleving: stand van zaken {dutch.period(self.period_start, self.period_end)}"

    @property
    def author(self) -> str:
        return f"Programma Weerbare Samenleving, Veiligheidsregio {self.region_name}"


def end_of(day: date) -> datetime:
    """The first moment after ``day`` in Dutch local time."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=dutch.LOCAL)


def compose(region: Region, start: date, end: date, dated: date, events: list[MemoEvent],
            next_period: tuple[date, date] | None = None) -> Memo:
    """``events``: the region's and the national (``NL``) events known by the period's end."""
    until = end_of(end)
    known = [e for e in events if e.occurred_at < until]
    # National events too: a national campaign's name, for instance, is needed to name its toolkit.
    state = fold(e for e in known if e.region_code in (region.code, "NL"))
    in_period = [e for e in known if e.occurred_at >= end_of(start - timedelta(days=1))]
    regional = [e for e in in_period if e.region_code == region.code]
    period = Period(start, end, region, state, regional, next_period)
    coverage = _coverage(region, state)
    money = [MoneyYear(y, state.allocated(y), state.committed(y), state.spent.get(y, 0), state.remaining(y))
             for y in state.years()]
    return Memo(
        region_code=region.code, region_name=region.name, period_start=start, period_end=end, dated=dated,
        occasion=_occasion(start, end),
        key_messages=key_messages(period, coverage, money),
        figures=_figures(region, state, coverage),
        money=money,
        coverage=coverage,
        national=national([e for e in in_period if e.region_code == "NL"], period),
        themes=[Theme(title, sentences) for title, sentences in themes(period)],
        decisions=decisions(period),
        next_steps=next_steps(period, coverage),
        upcoming=_upcoming(known, end),
        appendix=_appendix(region, state, regional, coverage),
        event_count=len(in_period),
    )


def _occasion(start: date, end: date) -> list[str]:
    return [
        "In navolging op de programma-opzet Weerbare Samenleving ontvangt u periodiek een update van de "
        "ontwikkelingen op dit onderwerp.",
        f"Wij nemen u in deze memo mee in de ontwikkelingen van {dutch.day(start)} tot en met {dutch.day(end)}. "
        "De cijfers geven de stand aan het einde van die periode, zoals de gemeenten, de regio en het programma "
        "die op het platform Weerbaar hebben vastgelegd.",
    ]


def _coverage(region: Region, state: RegionState, norm: int = DEFAULT_NORM) -> list[CoverageLine]:
    lines = []
    for m in sorted(region.municipalities, key=lambda m: m.name.lstrip("'").casefold()):
        nsps = [n for n in state.nsps.values() if n.municipality_code == m.code]
        lines.append(CoverageLine(m.name, m.population, -(-m.population // norm), len(nsps),
                                  sum(1 for n in nsps if n.readiness == "operational")))
    return lines


def _figures(region: Region, state: RegionState, coverage: list[CoverageLine]) -> list[Group]:
    total = len(region.municipalities)
    meeting = sum(1 for c in coverage if c.gap == 0)
    groups = [Group("Noodsteunpunten (norm: één per 5.000 inwoners, per gemeente)", [
        Row("Noodsteunpunten geregistreerd", dutch.number(sum(c.registered for c in coverage))),
        Row("Noodsteunpunten operationeel", dutch.number(sum(c.operational for c in coverage))),
        Row("Nodig volgens de norm", dutch.number(sum(c.needed for c in coverage))),
        Row("Tekort aan operationele noodsteunpunten", dutch.number(sum(c.gap for c in coverage))),
        Row("Gemeenten die aan de norm voldoen", f"{meeting} van {total}"),
    ])]
    round_ = state.latest_round()
    if round_:
        submitted = [c for c in round_.municipality_codes if c in round_.submitted]
        missing = round_.missing()
        status = "gesloten" if round_.closed_at else "open"
        groups.append(Group(f"Inventarisatieronde ‘{round_.title}’ ({status})", [
            Row("Gemeenten ingediend", f"{len(submitted)} van {len(round_.municipality_codes)}"),
            Row("Gemeenten nog niet ingediend", str(len(missing)) + (
                f": {dutch.enumerate_words([region.name_of(c) for c in missing])}" if missing else "")),
        ]))
    groups.append(Group(f"Pilots (afspraak: minimaal {MINIMUM_PILOTS} per jaar)", [
        Row(f"Pilots gestart in {year}", f"{state.started_pilots(year)} van minimaal {MINIMUM_PILOTS}") for year in PILOT_YEARS
    ]))
    households, people = state.reach()
    before, before_n = state.complete_kit("before")
    after, after_n = state.complete_kit("after")
    groups.append(Group("Campagne (noodpakket)", [
        Row("Bereik", dutch.count(households, "huishouden", "huishoudens")),
        Row("Bereik in personen", dutch.count(people, "persoon", "personen")),
        Row("Compleet noodpakket vóór de campagne", _kit(before, before_n)),
        Row("Compleet noodpakket na de campagne", _kit(after, after_n)),
    ]))
    return groups


def _kit(having: int, respondents: int) -> str:
    if not respondents:
        return "nog niet gemeten"
    return f"{dutch.share(having, respondents)} ({dutch.count(respondents, 'respondent', 'respondenten')})"


def _upcoming(events: list[MemoEvent], end: date) -> list[Upcoming]:
    """Activities known by the period's end that start after it (the latest schedule of each counts)."""
    latest: dict[str, tuple[datetime, str, str]] = {}
    for event in sorted(events, key=lambda e: e.occurred_at):
        if event.kind != "activity.scheduled":
            continue
        try:
            starts = datetime.fromisoformat(str(event.data["starts_at"]).replace("Z", "+00:00"))
        except (KeyError, ValueError):
            continue
        if starts.tzinfo is not None:
            latest[str(event.data.get("activity_id"))] = (starts, str(event.data.get("title") or "Activiteit"),
                                                          str(event.data.get("place") or "plaats volgt"))
    ahead = sorted(v for v in latest.values() if v[0] >= end_of(end))
    return [Upcoming(dutch.moment(starts), f"{title}, {place}") for starts, title, place in ahead]


def _appendix(region: Region, state: RegionState, regional: list[MemoEvent], coverage: list[CoverageLine]) -> list[Table]:
    tables = [Table("Dekking per gemeente", ["Gemeente", "Inwoners", "Nodig", "Geregistreerd", "Operationeel", "Tekort"],
                    [[c.name, dutch.number(c.population), str(c.needed), str(c.registered), str(c.operational), str(c.gap)]
                     for c in coverage], frozenset({1, 2, 3, 4, 5}))]
    changed = {e.data.get("noodsteunpunt_id") for e in regional if e.kind.startswith("noodsteunpunt.")}
    nsps = sorted((n for n in state.nsps.values() if n.id in changed),
                  key=lambda n: (region.name_of(n.municipality_code).lstrip("'").casefold(), n.name.casefold()))
    if nsps:
        tables.append(Table("Noodsteunpunten met wijzigingen in deze periode", ["Gemeente", "Noodsteunpunt", "Laag", "Gereedheid"],
                            [[region.name_of(n.municipality_code), n.name, words.LAYER.get(n.layer, n.layer),
                              words.READINESS.get(n.readiness, n.readiness)] for n in nsps]))
    if state.pilots:
        tables.append(Table("Pilots", ["Pilot", "Gemeente", "Pilotjaar", "Status", "Begroting"],
                            [[p.name, region.name_of(p.municipality_code), str(p.pilot_year or "-"),
                              words.PILOT_STATUS.get(p.status, p.status), dutch.euro(p.budget_cents)]
                             for p in sorted(state.pilots.values(), key=lambda p: p.name.casefold())], frozenset({4})))
    if state.commitments:
        tables.append(Table("Vastleggingen", ["Doel", "Jaar", "Bedrag", "Status"],
                            [[c.purpose, str(c.year), dutch.euro(c.amount_cents - c.released_cents),
                              words.DECISIONS.get(c.status, c.status)]
                             for c in sorted(state.commitments.values(), key=lambda c: (c.year, c.purpose))], frozenset({2})))
    return tables
