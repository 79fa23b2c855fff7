"""The supervisor's rules, on stand-in children and a fake clock (no processes): restart
after a growing pause, report each restart and the return to ready, start counting
anew after a stable period, give up loudly after repeated failures."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from shared.runtime.supervisor import GaveUp, Supervisor, backoff


@dataclass
class Clock:
    now: float = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class StandIn:
    name: str
    code: int | None = None  # None: running
    starts: int = 0
    fail_to_start: bool = False
    answers: bool = True

    def start(self) -> None:
        if self.fail_to_start:
            raise RuntimeError("port 5432 is in use\nmore detail")
        self.starts += 1
        self.code = None

    def exit_code(self) -> int | None:
        return self.code

    def log_tail(self) -> str:
        return f"last lines of {self.name}"

    def ready(self) -> bool:
        return self.answers


@dataclass
class Run:
    child: StandIn
    clock: Clock = field(default_factory=Clock)
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.supervisor = Supervisor([self.child], report=self.lines.append, clock=self.clock, max_attempts=3)

    def at(self, seconds: float) -> None:
        self.clock.now = seconds
        self.supervisor.check()


def test_the_pause_before_a_restart_doubles_up_to_a_limit() -> None:
    assert [backoff(n) for n in (1, 2, 3, 4, 5, 6, 7)] == [1, 2, 4, 8, 16, 30, 30]


def test_an_exited_child_is_restarted_after_its_pause_and_reported_ready_again() -> None:
    run = Run(StandIn("inventory"))
    run.child.code = -9
    run.at(10.0)
    run.at(10.5)

    assert run.child.starts == 0, "not before the pause is over"
    run.at(11.0)
    assert run.child.starts == 1
    run.at(11.5)

    assert run.lines == [
        "[supervisor] inventory exited (code -9); restart 1 of 3 in 1s",
        "[supervisor] inventory restarted",
        "[supervisor] inventory ready again, 1.5s after it exited",
    ]
    assert run.supervisor.restarts("inventory") == 1


def test_ready_again_is_reported_only_once_the_child_answers() -> None:
    run = Run(StandIn("notify", answers=False))
    run.child.code = 1
    run.at(1.0)
    run.at(2.0)
    run.at(5.0)
    assert not any("ready again" in line for line in run.lines)

    run.child.answers = True
    run.at(6.0)
    assert run.lines[-1] == "[supervisor] notify ready again, 5.0s after it exited"


def test_a_child_that_keeps_exiting_makes_the_supervisor_give_up_with_its_log() -> None:
    run = Run(StandIn("kafka"))
    moment = 0.0
    for attempt in (1, 2, 3):
        run.child.code = 1
        moment += 1
        run.at(moment)
        moment += backoff(attempt)  # the pause it announced
        run.at(moment)
    run.child.code = 1

    with pytest.raises(GaveUp, match="(?s)kafka exited .*after 3 restarts in a row.*last lines of kafka"):
        run.at(moment + 1)
    assert [line for line in run.lines if "restart " in line][-1].endswith("restart 3 of 3 in 4s")


def test_a_failed_start_counts_as_a_failure_and_is_retried() -> None:
    run = Run(StandIn("postgresql", fail_to_start=True))
    run.child.code = -9
    run.at(0.0)
    run.at(1.0)

    assert "[supervisor] postgresql did not start: port 5432 is in use" in run.lines
    assert run.lines[-1] == "[supervisor] postgresql exited (code -1); restart 2 of 3 in 2s"
    run.child.fail_to_start = False
    run.at(3.0)
    assert run.child.starts == 1


def test_after_a_stable_period_the_count_starts_anew() -> None:
    run = Run(StandIn("campaign"))
    for cycle in range(5):  # more exits than max_attempts, each after a long healthy run
        start = cycle * 100.0
        run.child.code = 1
        run.at(start)
        run.at(start + 30)  # restarted
        run.at(start + 95)  # up for more than a minute

    assert run.supervisor.restarts("campaign") == 5
