"""How a team's pulse develops over time: points, a short Danish summary and a phone-sized chart.

Built only from `pulse.result`, the frozen result of each closed round, so the anonymity rules
stay in one place and a point never changes once shown: a point exists only for a closed round
and only for a theme that at least `max(3, min_answers)` people answered and whose mean was
safe to show as a number (a theme shown as a band or not at all has no point). Nothing here
reads or returns a single person's answer.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.coach import pulse
from bot.coach.dates import danish_date, danish_short_date, local_day
from bot.coach.numbers import one_decimal
from bot.coach.teams import prioritised_problems
from bot.coach.themes import label
from bot.db.models import PulseRound, Team
from bot.themes import THEME_LABELS

if TYPE_CHECKING:  # matplotlib is imported lazily: only the chart needs it.
    from matplotlib.figure import Figure

NUMBER_WORDS = {3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "syv", 8: "otte", 9: "ni", 10: "ti"}
UNCHANGED_BELOW = 0.3  # a change smaller than this is reported as "uændret"
Y_LABEL = "Gennemsnit (1 = meget dårligt, 5 = meget godt)"
FONT_SIZE = 11


@dataclass(frozen=True)
class TrendPoint:
    theme: str
    when: date  # the day the round was closed (Danish time)
    mean: float
    answers: int


def _threshold(min_answers: int) -> int:
    return max(3, min_answers)


def trend_points(
    session: Session, team: Team, min_answers: int, themes: Iterable[str] | None = None
) -> list[TrendPoint]:
    """One point per closed round and theme with enough answers, oldest round first.

    Within a round the points follow the order of `themes` (or the usual theme order when
    `themes` is None, which means every theme that has a point)."""
    wanted = None if themes is None else list(dict.fromkeys(themes))
    order = wanted if wanted is not None else list(THEME_LABELS)
    rank = {theme: i for i, theme in enumerate(order)}
    rounds = session.execute(
        select(PulseRound)
        .where(PulseRound.team_id == team.id, PulseRound.closed_at.is_not(None))
        .order_by(PulseRound.closed_at, PulseRound.id)
    ).scalars()
    points: list[TrendPoint] = []
    for round_ in rounds:
        outcome = pulse.result(session, round_, min_answers)
        if outcome is None:
            continue
        when = local_day(round_.closed_at)
        shown = [item for item in outcome.themes if item.theme in rank and item.mean is not None]
        for item in sorted(shown, key=lambda item: rank[item.theme]):
            points.append(TrendPoint(item.theme, when, item.mean, item.answers))
    return points


def plan_themes(team: Team) -> list[str]:
    """The themes the team's plan works on, most important problem first; without a plan
    (or one not tied to problems), the themes of all its problems."""
    problems = [p for p in prioritised_problems(team) if p.theme in THEME_LABELS]
    in_plan = {action.problem_id for action in team.plan if action.problem_id is not None}
    chosen = [p for p in problems if p.id in in_plan] or problems
    return list(dict.fromkeys(p.theme for p in chosen))


def theme_title(theme: str) -> str:
    text = label(theme) or theme
    return text[:1].upper() + text[1:]


def short_date(value: date, with_year: bool = False) -> str:
    """A tick label of the chart: "3. dec.", or "3. dec.\n2025" with the year."""
    text = danish_short_date(value)
    return f"{text}\n{value.year}" if with_year else text


def _by_theme(points: Iterable[TrendPoint]) -> dict[str, list[TrendPoint]]:
    grouped: dict[str, list[TrendPoint]] = {}
    for point in points:
        grouped.setdefault(point.theme, []).append(point)
    for series in grouped.values():
        series.sort(key=lambda p: p.when)  # stable: rounds closed the same day keep their order
    return grouped


def _number(n: int) -> str:
    return NUMBER_WORDS.get(n, str(n))


def describe(points: Iterable[TrendPoint], min_answers: int = 3) -> str:
    """One plain Danish line per theme, e.g.
    'Arbejdsmængde og tidspres: fra 2,1 til 3,4 siden 3. november 2025 (bedre).'"""
    grouped = _by_theme(points)
    if not grouped:
        return (
            f"Der er ingen lukkede målinger med mindst {_number(_threshold(min_answers))} svar "
            "endnu, så der er ingen udvikling at vise."
        )
    lines = []
    for theme, series in grouped.items():
        first, last = series[0], series[-1]
        if len(series) == 1:
            lines.append(f"{theme_title(theme)}: {one_decimal(last.mean)} (kun én måling endnu).")
            continue
        diff = round(last.mean - first.mean, 1)
        if abs(diff) < UNCHANGED_BELOW:
            verdict = "uændret"
        elif diff > 0:
            verdict = "bedre"
        else:
            verdict = "dårligere"
        lines.append(
            f"{theme_title(theme)}: fra {one_decimal(first.mean)} til {one_decimal(last.mean)} "
            f"siden {danish_date(first.when)} ({verdict})."
        )
    return "\n".join(lines)


def footnote(min_answers: int = 3) -> str:
    return f"Kun målinger med mindst {_threshold(min_answers)} svar pr. tema er vist."


MARKERS = ["o", "s", "^", "D", "v", "P", "X", "h", "*"]


def trend_figure(points: Iterable[TrendPoint], title: str, min_answers: int = 3) -> Figure:
    """The chart as a matplotlib Figure (Agg canvas, no pyplot and no global state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, date2num, num2date
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedLocator, FuncFormatter

    grouped = _by_theme(points)
    title_lines = textwrap.wrap(title, 44) or [""]
    # Fixed layout in inches, so the width stays 6 in (1080 px) and nothing is cut off.
    width, top = 6.0, 0.35 + 0.3 * len(title_lines)
    plot, ticks = 3.6, 0.75
    legend = 0.1 + 0.27 * max(1, len(grouped))
    bottom_note = 0.4
    height = top + plot + ticks + legend + bottom_note
    left, right = 0.95, 0.3

    fig = Figure(figsize=(width, height), dpi=180)
    FigureCanvasAgg(fig)
    ax = fig.add_axes(
        [
            left / width,
            (bottom_note + legend + ticks) / height,
            (width - left - right) / width,
            plot / height,
        ]
    )
    fig.text(
        0.5,
        1 - 0.2 / height,
        "\n".join(title_lines),
        ha="center",
        va="top",
        fontsize=14,
        fontweight="bold",
    )

    days = sorted({p.when for series in grouped.values() for p in series})
    for i, (theme, series) in enumerate(grouped.items()):
        ax.plot(
            [date2num(p.when) for p in series],
            [p.mean for p in series],
            marker=MARKERS[i % len(MARKERS)],
            markersize=8,
            linewidth=2.4,
            label=theme_title(theme),
        )

    ax.set_ylim(0.8, 5.2)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_ylabel(Y_LABEL, fontsize=FONT_SIZE)
    ax.grid(True, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=FONT_SIZE)

    if days:
        span = (days[-1] - days[0]).days
        pad = timedelta(days=max(3, round(span * 0.08))) if span else timedelta(days=7)
        ax.set_xlim(date2num(days[0] - pad), date2num(days[-1] + pad))
        with_year = days[0].year != days[-1].year
        if len(days) <= 6:
            ax.xaxis.set_major_locator(FixedLocator([date2num(d) for d in days]))
        else:
            ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=6))
        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda x, _pos: short_date(num2date(x).date(), with_year))
        )
        ax.legend(
            loc="upper left",
            bbox_to_anchor=(0.3 / width, (bottom_note + legend) / height),
            bbox_transform=fig.transFigure,
            frameon=False,
            fontsize=FONT_SIZE,
            borderaxespad=0,
            handlelength=2.5,
        )
    else:
        ax.set_xticks([])
        ax.text(
            0.5,
            0.5,
            "Ingen målinger at vise endnu",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=FONT_SIZE,
        )

    fig.text(0.3 / width, 0.15 / height, footnote(min_answers), fontsize=FONT_SIZE, color="#444444")
    return fig


def render_png(points: Iterable[TrendPoint], title: str, min_answers: int = 3) -> bytes:
    """The chart as PNG bytes, about 1080 px wide for a phone screen."""
    fig = trend_figure(points, title, min_answers)
    try:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", facecolor="white")
        return buffer.getvalue()
    finally:
        fig.clear()


def trend_summary(session: Session, team: Team, min_answers: int) -> tuple[list[TrendPoint], str]:
    """The points for the plan's themes (every theme when the team has no plan or problems
    yet) and the change in words."""
    points = trend_points(session, team, min_answers, plan_themes(team) or None)
    return points, describe(points, min_answers)


def trend_chart(session: Session, team: Team, min_answers: int) -> tuple[bytes | None, str]:
    """(PNG or None when there is nothing to show, Danish summary)."""
    points, text = trend_summary(session, team, min_answers)
    if not points:
        return None, text
    return render_png(points, f"Udvikling for {team.name}", min_answers), text
