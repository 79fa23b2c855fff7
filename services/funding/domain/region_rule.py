"""A region's choice of decision rule for its spending proposals."""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.contract.envelope import IntegrationEvent
from shared.contract.funding import DecisionRuleChanged
from services.funding.domain.proposal import DecisionRule
from shared.errors import RuleViolation

DEFAULT_RULE = DecisionRule.UNANIMOUS  # the memo: spending is decided jointly with the municipalities


@dataclass
class RegionRule:
    region_code: str
    rule: DecisionRule = DEFAULT_RULE
    events: list[IntegrationEvent] = field(default_factory=list, repr=False, compare=False)

    def change(self, rule: DecisionRule) -> None:
        if rule is self.rule:
            raise RuleViolation(f"{self.region_code} already decides by {rule.value}")
        previous, self.rule = self.rule, rule
        self.events.append(
            DecisionRuleChanged(
                subject=f"region/{self.region_code}/decision-rule",
                region_code=self.region_code,
                rule=rule.value,
                previous=previous.value,
            )
        )
