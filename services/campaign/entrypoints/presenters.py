"""Turns survey tallies into response bodies: exact counts, shares rounded for display."""

from __future__ import annotations

from uuid import UUID

from services.campaign.adapters import data_files
from services.campaign.domain.survey import Difference, SurveyResult, Tally, percent
from services.campaign.entrypoints.schemas import (
    ItemDifferenceOut,
    ItemShareOut,
    ProgressPointOut,
    SurveyOut,
    TallyOut,
    WaveEffectOut,
)


def tally_out(tally: Tally) -> TallyOut:
    items = [
        ItemShareOut(item=key, label=label, having=tally.having[key], share_pct=percent(tally.share(key)))
        for key, label in data_files.checklist()
    ]
    return TallyOut(respondents=tally.respondents, items=items, complete_kit=tally.complete_kit,
                    complete_kit_share_pct=percent(tally.complete_share))


def survey_out(result: SurveyResult) -> SurveyOut:
    return SurveyOut(
        **tally_out(result.tally).model_dump(), id=result.id, region_code=result.region_code,
        municipality_code=result.municipality_code, surveyed_on=result.surveyed_on, campaign_id=result.campaign_id,
        wave_id=result.wave_id, phase=result.phase,
    )


def progress_out(series: list) -> list[ProgressPointOut]:
    return [ProgressPointOut(**tally_out(tally).model_dump(), surveyed_on=day) for day, tally in series]


def wave_effect_out(wave_id: UUID, difference: Difference) -> WaveEffectOut:
    items = [
        ItemDifferenceOut(
            item=key, before_pct=percent(difference.before.share(key)), after_pct=percent(difference.after.share(key)),
            difference_points=difference.item_points(key),
        )
        for key in data_files.checklist_keys()
    ]
    return WaveEffectOut(
        wave_id=wave_id, before=tally_out(difference.before), after=tally_out(difference.after), items=items,
        complete_kit_difference_points=difference.complete_points,
    )
