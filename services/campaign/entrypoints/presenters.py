"""Turns survey tallies into response bodies: exact counts, shares rounded for display."""

from __future__ import annotations

from uuid import UUID

from services.campaign.adapters import data_files
from services.campaign.domain.rollup import CampaignRollup, Figures
from services.campaign.domain.survey import Difference, SurveyResult, Tally, percent
from services.campaign.entrypoints.schemas import (
    CampaignRollupOut,
    FiguresOut,
    RegionFiguresOut,
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


def figures_out(figures: Figures) -> FiguresOut:
    both = figures.before is not None and figures.after is not None
    return FiguresOut(
        waves=figures.waves, waves_completed=figures.waves_completed, households_reached=figures.households_reached,
        people_reached=figures.people_reached,
        before=tally_out(figures.before) if figures.before else None,
        after=tally_out(figures.after) if figures.after else None,
        complete_kit_difference_points=Difference(figures.before, figures.after).complete_points if both else None,  # type: ignore[arg-type]
    )


def rollup_out(rollup: CampaignRollup) -> CampaignRollupOut:
    campaign = rollup.campaign
    return CampaignRollupOut(
        campaign_id=campaign.id, name=campaign.name, owner_region=campaign.region_code,
        participating_regions=campaign.participating_regions, requested_by=campaign.requested_by,
        regions=[RegionFiguresOut(region_code=r.region_code, taking_part=r.taking_part, figures=figures_out(r.figures))
                 for r in rollup.regions],
        total=figures_out(rollup.total),
    )
