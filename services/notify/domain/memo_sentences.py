"""The memo's sentences, written from the figures and the period's events: what a
board reads instead of a list of events. Every sentence names things (the gemeente,
the noodsteunpunt, the round) and uses Dutch numbers, money and dates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from shared.documents import dutch
from services.notify.domain.memo_facts import MINIMUM_PILOTS, PILOT_YEARS, MemoEvent, RegionState

if TYPE_CHECKING:
    from services.notify.domain.memo import CoverageLine, MoneyYear, Region

MAX_NAMED = 5  # more names than this read as a list, not a sentence: the appendix has them all


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    region: Region
    state: RegionState
    events: list[MemoEvent]  # the region's events in the period
    next_period: tuple[date, date] | None = None

    def of(self, *kinds: str) -> list[MemoEvent]:
        return [e for e in self.events if e.kind in kinds]

    def gemeente(self, code: str | None) -> str:
        return self.region.name_of(code or "")

    def gemeenten(self, codes: list[str]) -> str:
        names = sorted({self.gemeente(c) for c in codes}, key=lambda n: n.lstrip("'").casefold())
        if len(names) > MAX_NAMED:
            return f"{dutch.enumerate_words(names[:MAX_NAMED - 1] + [f'{len(names) - MAX_NAMED + 1} andere'])}"
        return dutch.enumerate_words(names)


def _named(names: list[str]) -> str:
    quoted = [f"‘{n}’" for n in names]
    if len(quoted) > MAX_NAMED:
        return dutch.enumerate_words(quoted[:MAX_NAMED - 1] + [f"{len(quoted) - MAX_NAMED + 1} andere"])
    return dutch.enumerate_words(quoted)


def _gemeenten_of(events: list[MemoEvent]) -> list[str]:
    return [str(e.municipality_code or e.data.get("municipality_code")) for e in events]


def _n(value: int, singular: str, plural: str) -> str:
    return dutch.count(value, singular, plural)


# --- Kernboodschap -------------------------------------------------------------------

def key_messages(p: Period, coverage: list[CoverageLine], money: list[MoneyYear]) -> list[str]:
    registered = sum(c.registered for c in coverage)
    operational = sum(c.operational for c in coverage)
    needed, gap = sum(c.needed for c in coverage), sum(c.gap for c in coverage)
    messages = [
        f"In {p.region.name} zijn {_n(registered, 'noodsteunpunt', 'noodsteunpunten')} geregistreerd, waarvan "
        f"{dutch.number(operational)} operationeel; volgens de norm van één per 5.000 inwoners per gemeente zijn er "
        f"{dutch.number(needed)} nodig, zodat er nog {dutch.number(gap)} operationele noodsteunpunten ontbreken."
    ]
    round_ = p.state.latest_round()
    if round_:
        done = len(round_.municipality_codes) - len(round_.missing())
        tail = ("de ronde is gesloten en het voorstel aan het bestuur ligt voor." if round_.closed_at
                else f"de deadline is {dutch.day(round_.deadline)}." if round_.deadline else "de ronde loopt nog.")
        messages.append(f"{done} van de {len(round_.municipality_codes)} gemeenten hebben hun inventarisatie voor "
                        f"‘{round_.title}’ ingediend; {tail}")
    started = {year: p.state.started_pilots(year) for year in PILOT_YEARS}
    short = [str(y) for y, n in started.items() if n < MINIMUM_PILOTS]
    pilots = dutch.enumerate_words([f"in {y} {_n(n, 'pilot', 'pilots') if n else 'geen'}" for y, n in started.items()])
    messages.append(f"Gestart zijn {pilots}; " + (
        f"de regio voldoet daarmee nog niet aan de afspraak van minimaal {MINIMUM_PILOTS} pilots per jaar "
        f"in {dutch.enumerate_words(short)}." if short else
        f"de regio voldoet daarmee aan de afspraak van minimaal {MINIMUM_PILOTS} pilots per jaar."))
    year = _money_year(money, p.end.year)
    if year:
        messages.append(f"Van de {dutch.euro(year.allocated)} die de regio voor {year.year} is toegekend, is "
                        f"{dutch.euro(year.committed)} vastgelegd en {dutch.euro(year.spent)} besteed; er resteert "
                        f"{dutch.euro(year.remaining)}.")
    households, _ = p.state.reach()
    before, before_n = p.state.complete_kit("before")
    after, after_n = p.state.complete_kit("after")
    if households or after_n:
        kit = (f"; het aandeel inwoners met een compleet noodpakket ging van {dutch.share(before, before_n)} naar "
               f"{dutch.share(after, after_n)}" if before_n and after_n else "")
        messages.append(f"De noodpakketcampagne bereikte {_n(households, 'huishouden', 'huishoudens')}{kit}.")
    return messages[:5]


def _money_year(money: list[MoneyYear], preferred: int) -> MoneyYear | None:
    allocated = [m for m in money if m.allocated or m.committed]
    return next((m for m in allocated if m.year == preferred), allocated[-1] if allocated else None)


# --- Landelijke ontwikkelingen ------------------------------------------------------------

def national(events: list[MemoEvent], p: Period) -> list[str]:
    sentences = []
    for e in events:
        d = e.data
        if e.kind == "standard.published":
            sentences.append(f"Op {dutch.day(e.occurred_at)} is versie {d.get('version')} van de landelijke maatstaf "
                             f"voor noodsteunpunten vastgesteld ({_n(len(d.get('criteria', [])), 'criterium', 'criteria')}); "
                             "de noodsteunpunten worden sindsdien daaraan getoetst.")
        elif e.kind == "budget.amended" and _cents(d, "amount_cents") is not None:
            sentences.append(f"Het landelijke budget voor {d.get('year')} is op {dutch.day(e.occurred_at)} gewijzigd van "
                             f"{dutch.euro(_cents(d, 'previous_amount_cents') or 0)} naar {dutch.euro(_cents(d, 'amount_cents'))}"
                             f" ({d.get('reason', 'zonder toelichting')}).")
        elif e.kind == "campaign.created":
            sentences.append(f"De landelijke campagne ‘{d.get('name')}’ loopt van {_day(d.get('starts_on'))} tot en met "
                             f"{_day(d.get('ends_on'))}.")
        elif e.kind == "toolkit.published":
            sentences.append(f"Versie {d.get('version')} van de communicatietoolkit van "
                             f"‘{p.state.campaigns.get(d.get('campaign_id'), 'de landelijke campagne')}’ is beschikbaar "
                             f"({_n(len(d.get('templates', [])), 'format', 'formats')}).")
    scheduled = [e for e in events if e.kind == "activity.scheduled"]
    ahead = sum(1 for e in scheduled if _after(e.data.get("starts_at"), p.end))
    if scheduled:
        sentences.append(f"In de landelijke kalender {'is' if len(scheduled) == 1 else 'zijn'} "
                         f"{_n(len(scheduled), 'activiteit', 'activiteiten')} gezet" +
                         (f", waarvan {ahead} na deze periode (zie Komende activiteiten)." if ahead else "."))
    return sentences or ["In deze periode zijn geen landelijke besluiten of wijzigingen op het platform vastgelegd."]


def _after(value: Any, end: date) -> bool:
    try:
        return datetime.fromisoformat(str(value)).astimezone(dutch.LOCAL).date() > end
    except ValueError:
        return False


def _day(value: Any) -> str:
    try:
        return dutch.day(date.fromisoformat(str(value)))
    except ValueError:
        return "onbekend"


def _cents(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# --- Regionale ontwikkelingen per thema -----------------------------------------------------

def themes(p: Period) -> list[tuple[str, list[str]]]:
    found = [("Noodsteunpunten", _nsp_sentences(p)), ("Inventarisatie", _round_sentences(p)),
             ("Pilots", _pilot_sentences(p)), ("Financiering", _money_sentences(p)),
             ("Campagne en communicatie", _campaign_sentences(p))]
    return [(title, sentences) for title, sentences in found if sentences] or [
        ("Geen wijzigingen", ["In deze periode is in de regio niets nieuws vastgelegd."])]


def _nsp_sentences(p: Period) -> list[str]:
    out = []
    registered = p.of("noodsteunpunt.registered")
    if registered:
        ids = {e.data.get("noodsteunpunt_id") for e in registered}
        operational = sum(1 for i in ids if (n := p.state.nsps.get(i)) and n.readiness == "operational")
        gemeenten = set(_gemeenten_of(registered))
        out.append(f"{_n(len(gemeenten), 'gemeente', 'gemeenten')} "
                   f"{'registreerde' if len(gemeenten) == 1 else 'registreerden'} "
                   f"{_n(len(ids), 'noodsteunpunt', 'noodsteunpunten')}; {operational} "
                   f"{'is' if operational == 1 else 'zijn'} operationeel.")
    progressed = {e.data.get("noodsteunpunt_id") for e in p.of("noodsteunpunt.readiness_changed")
                  if e.data.get("readiness") == "operational"}
    if progressed:
        out.append(f"{_n(len(progressed), 'noodsteunpunt werd', 'noodsteunpunten werden')} in deze periode operationeel.")
    backwards = [e for e in p.of("noodsteunpunt.readiness_changed") if e.data.get("reason")]
    if backwards:
        out.append(f"Bij {_n(len(backwards), 'noodsteunpunt', 'noodsteunpunten')} is de gereedheid teruggezet, met "
                   "opgave van reden (zie bijlage).")
    openings = [e for e in p.of("noodsteunpunt.activation_changed") if e.data.get("status") == "open"]
    exercises = [e for e in openings if e.data.get("mode") == "exercise"]
    if exercises:
        out.append(f"Er is {len(exercises)} keer geoefend met het openen van een noodsteunpunt "
                   f"({dutch.enumerate_words(_nsp_names(p, exercises))}).")
    real = [e for e in openings if e.data.get("mode") == "real"]
    if real:
        out.append(f"{_n(len(real), 'noodsteunpunt is', 'noodsteunpunten zijn')} daadwerkelijk geopend: "
                   f"{dutch.enumerate_words(_nsp_names(p, real))}.")
    updated = {e.data.get("noodsteunpunt_id") for e in p.of("noodsteunpunt.updated")}
    if updated:
        out.append(f"Van {_n(len(updated), 'noodsteunpunt', 'noodsteunpunten')} zijn de gegevens bijgewerkt.")
    return out


def _nsp_names(p: Period, events: list[MemoEvent]) -> list[str]:
    names = []
    for e in events:
        nsp = p.state.nsps.get(e.data.get("noodsteunpunt_id"))
        if nsp and len(names) < MAX_NAMED:
            names.append(f"{nsp.name} ({p.gemeente(nsp.municipality_code)})")
    return names


def _round_sentences(p: Period) -> list[str]:
    out = []
    for e in p.of("round.opened"):
        deadline = f", met als deadline {_day(e.data.get('deadline'))}" if e.data.get("deadline") else ""
        out.append(f"Op {dutch.day(e.occurred_at)} is de inventarisatieronde ‘{e.data.get('title')}’ geopend voor "
                   f"{_n(len(e.data.get('municipality_codes', [])), 'gemeente', 'gemeenten')}{deadline}.")
    submitted = _gemeenten_of(p.of("inventory.submitted"))
    if submitted:
        out.append(f"{_n(len(set(submitted)), 'gemeente diende', 'gemeenten dienden')} een inventarisatie in "
                   f"({p.gemeenten(submitted)}).")
    for e in p.of("round.closed"):
        round_ = p.state.rounds.get(e.data.get("round_id"))
        missing = list(e.data.get("missing", []))
        title = f"‘{round_.title}’ " if round_ else ""
        out.append(f"Op {dutch.day(e.occurred_at)} is de ronde {title}gesloten: "
                   f"{len(e.data.get('submitted', []))} gemeenten dienden in" +
                   (f", {p.gemeenten(missing)} niet." if missing else ", alle gemeenten deden mee."))
    return out


PILOT_STEPS = {"pilot.proposed": "voorgesteld", "pilot.approved": "goedgekeurd", "pilot.started": "gestart",
               "pilot.evaluated": "geëvalueerd", "pilot.completed": "afgerond"}


def _pilot_sentences(p: Period) -> list[str]:
    """One sentence per group of pilots that took the same steps: 'voorgesteld, goedgekeurd en gestart'."""
    steps: dict[str, list[str]] = {}
    for e in p.of(*PILOT_STEPS):
        taken = steps.setdefault(str(e.data.get("pilot_id")), [])
        if PILOT_STEPS[e.kind] not in taken:
            taken.append(PILOT_STEPS[e.kind])
    groups: dict[tuple[str, ...], list[str]] = {}
    for pilot_id, taken in steps.items():
        pilot = p.state.pilots.get(pilot_id)
        if pilot:
            groups.setdefault(tuple(taken), []).append(f"{pilot.name} ({p.gemeente(pilot.municipality_code)})")
    return [f"{_n(len(names), 'pilot is', 'pilots zijn')} {dutch.enumerate_words(list(taken))}: "
            f"{dutch.enumerate_words(sorted(names))}." for taken, names in groups.items()]


def _money_sentences(p: Period) -> list[str]:
    out = []
    tranches: dict[int, int] = {}
    for e in p.of("tranche.allocated"):
        tranches[int(e.data.get("year", 0))] = p.state.allocated(int(e.data.get("year", 0)))
    if tranches:
        out.append("De regio is toegekend: " + dutch.enumerate_words(
            [f"{dutch.euro(c)} voor {y}" for y, c in sorted(tranches.items())]) + ".")
    made = [e for e in p.of("commitment.made")]
    if made:
        out.append(f"Er {'is' if len(made) == 1 else 'zijn'} {_n(len(made), 'vastlegging', 'vastleggingen')} gedaan voor in "
                   f"totaal {dutch.euro(sum(_cents(e.data, 'amount_cents') or 0 for e in made))}.")
    # Refused and still refused at the period's end (a reconsidered one counts among those made).
    refused = [e for e in p.of("commitment.refused")
               if (c := p.state.commitments.get(e.data.get("commitment_id"))) and c.status == "refused"]
    if refused:
        out.append(f"{_n(len(refused), 'vastlegging is', 'vastleggingen zijn')} geweigerd omdat het budget van het jaar "
                   f"niet toereikte: {dutch.enumerate_words([str(e.data.get('purpose')) for e in refused])}.")
    spent = p.of("spending.recorded")
    if spent:
        out.append(f"Er is {dutch.euro(sum(_cents(e.data, 'amount_cents') or 0 for e in spent))} besteed "
                   f"({_n(len(spent), 'uitgave', 'uitgaven')}).")
    for e in p.of("proposal.decided"):
        proposal = p.state.proposals.get(e.data.get("proposal_id"))
        if proposal:
            outcome = "aangenomen" if e.data.get("outcome") == "approved" else "verworpen"
            out.append(f"Het bestedingsvoorstel ‘{proposal.purpose}’ ({dutch.euro(proposal.amount_cents)}) is door de "
                       f"betrokken gemeenten {outcome}.")
    return out


def _campaign_sentences(p: Period) -> list[str]:
    out = []
    for e in p.of("campaign.created"):
        out.append(f"De regionale campagne ‘{e.data.get('name')}’ is opgezet ({_day(e.data.get('starts_on'))} tot en met "
                   f"{_day(e.data.get('ends_on'))}).")
    rendered = _gemeenten_of(p.of("local_version.rendered"))
    if rendered:
        out.append(f"{_n(len(set(rendered)), 'gemeente maakte', 'gemeenten maakten')} een lokale versie van de "
                   f"communicatietoolkit, met hun eigen noodsteunpunten ({p.gemeenten(rendered)}).")
    for e in p.of("wave.launched"):
        wave = p.state.waves.get(e.data.get("wave_id"))
        out.append(f"De campagnegolf ‘{wave.name if wave else 'campagnegolf'}’ is op {_day(e.data.get('launched_on'))} "
                   f"gestart in {_n(len(e.data.get('municipality_codes', [])), 'gemeente', 'gemeenten')}.")
    for e in p.of("wave.completed"):
        wave = p.state.waves.get(e.data.get("wave_id"))
        out.append(f"De campagnegolf ‘{wave.name if wave else 'campagnegolf'}’ is op {_day(e.data.get('completed_on'))} "
                   f"afgerond en bereikte {_n(int(e.data.get('households_reached', 0)), 'huishouden', 'huishoudens')}.")
    surveys = p.of("survey.recorded")
    if surveys:
        phases = Counter(e.data.get("phase") for e in surveys)
        detail = dutch.enumerate_words([f"{phases[k]} {w}" for k, w in (("before", "vóór"), ("after", "na")) if phases[k]])
        out.append(f"Er {'is' if len(surveys) == 1 else 'zijn'} {_n(len(surveys), 'meting', 'metingen')} van het "
                   f"noodpakketbezit vastgelegd" + (f" ({detail} de campagne)." if detail else "."))
    return out


# --- Besluitvorming en vervolg ---------------------------------------------------------------

def decisions(p: Period) -> list[str]:
    out = []
    round_ = p.state.latest_round()
    if round_ and round_.closed_at:
        count = len(round_.municipality_codes) - len(round_.missing())
        out.append(f"Het voorstel aan het Algemeen Bestuur ‘{round_.title}’: de inventarisatie van de lokale en regionale "
                   f"noodsteunpunten van {count} gemeenten (ronde gesloten op {dutch.day(round_.closed_at)}). Het bestuur "
                   "wordt gevraagd in te stemmen met het voorstel; het staat als document op het platform.")
    elif round_:
        out.append(f"Na sluiting van de inventarisatieronde ‘{round_.title}’"
                   f"{f' (deadline {dutch.day(round_.deadline)})' if round_.deadline else ''} volgt het voorstel aan het "
                   "Algemeen Bestuur; nu wordt nog geen besluit gevraagd.")
    for proposal in p.state.proposals.values():
        if proposal.outcome is None:
            out.append(f"Het bestedingsvoorstel ‘{proposal.purpose}’ ({dutch.euro(proposal.amount_cents)}, {proposal.year}) "
                       f"wacht op de stem van {p.gemeenten(proposal.awaiting())}.")
    for commitment in p.state.commitments.values():
        if commitment.status == "refused":
            out.append(f"Voor ‘{commitment.purpose}’ ({dutch.euro(commitment.amount_cents)}, {commitment.year}) is geen "
                       "geld vastgelegd omdat het budget niet toereikt; het bestuur wordt gevraagd over de dekking te "
                       "besluiten.")
    return out or ["In deze periode liggen er geen besluiten voor het bestuur voor."]


def next_steps(p: Period, coverage: list[CoverageLine]) -> list[str]:
    out = []
    round_ = p.state.latest_round()
    if round_ and not round_.closed_at and round_.missing():
        deadline = f"vóór {dutch.day(round_.deadline)}" if round_.deadline else "zo snel mogelijk"
        out.append(f"{p.gemeenten(round_.missing())} {'wordt' if len(round_.missing()) == 1 else 'worden'} gevraagd "
                   f"hun inventarisatie {deadline} in te dienen.")
    for year in PILOT_YEARS:
        short = MINIMUM_PILOTS - p.state.started_pilots(year)
        if short > 0 and year >= p.end.year:
            out.append(f"Voor {year} {'is' if short == 1 else 'zijn'} nog {_n(short, 'pilot', 'pilots')} nodig om aan de "
                       "landelijke afspraak te voldoen.")
    gaps = sorted((c for c in coverage if c.gap), key=lambda c: -c.gap)[:3]
    if gaps:
        out.append("De grootste tekorten aan operationele noodsteunpunten hebben " + dutch.enumerate_words(
            [f"{c.name} ({c.gap})" for c in gaps]) + "; de regio ondersteunt deze gemeenten bij de uitwerking.")
    if p.next_period:
        out.append(f"De volgende update ontvangt u na afloop van {dutch.period(*p.next_period)}.")
    return out or ["Het programma gaat door volgens plan."]
