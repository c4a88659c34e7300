"""Pulse trends: only closed rounds, only themes with enough answers and a mean safe to show,
always the frozen figures; Danish text and chart."""

from __future__ import annotations

import dataclasses
import io
from datetime import date, datetime, timezone

import matplotlib.image
import pytest
from matplotlib.dates import date2num, num2date
from matplotlib.text import Text

from bot.coach import pulse, trend
from bot.coach.plan import add_action
from bot.coach.teams import add_problem, create_team
from bot.coach.trend import TrendPoint

SECRET = b"trend-secret"
NO_POINTS = (
    "Der er ingen lukkede målinger med mindst tre svar endnu, så der er ingen udvikling at vise."
)

# Per round: theme -> the scores of distinct people (a list shorter than 3 stays hidden; a
# mean that would give answers away is shown as a band, or not at all, and has no point).
ROUNDS = [
    (
        datetime(2025, 11, 3, 12, 0, tzinfo=timezone.utc),
        {
            "arbejdsmaengde": [1, 2, 2, 3, 3],  # 2,2
            "samarbejde": [3, 3, 4, 3],  # 3,3
            "ledelse": [5, 5],
            "konflikter": [1, 1, 2, 1],  # under 2,5: no point
        },
    ),
    (
        datetime(2025, 12, 1, 9, 30, tzinfo=timezone.utc),
        {
            "arbejdsmaengde": [3, 3, 2, 4, 3],  # 3,0
            "samarbejde": [3, 4, 3, 3],  # 3,3
            "ledelse": [1, 2],
            "konflikter": [1, 2, 3],  # too few different answers: no point
        },
    ),
    (
        # 23:30 UTC is already 12 January in Denmark.
        datetime(2026, 1, 11, 23, 30, tzinfo=timezone.utc),
        {
            "arbejdsmaengde": [4, 4, 3, 3, 4],  # 3,6
            "samarbejde": [2, 2, 3, 3],  # 2,5
            "ledelse": [4, 3, 4, 3],  # 3,5
        },
    ),
]
OPEN_ROUND = {"arbejdsmaengde": [1] * 5, "samarbejde": [1] * 4, "ledelse": [1] * 4}

D1, D2, D3 = date(2025, 11, 3), date(2025, 12, 1), date(2026, 1, 12)


def fill(session, round_, scores):
    for theme, values in scores.items():
        for i, score in enumerate(values):
            pulse.answer(session, round_, SECRET, f"telegram:{1000 + i}", theme, score)


@pytest.fixture()
def team(session):
    team = create_team(session, "rest:leder", "Bageriet")
    for closed_at, scores in ROUNDS:
        round_ = pulse.open_round(session, team)
        fill(session, round_, scores)
        pulse.close_round(session, round_)
        round_.closed_at = closed_at
        session.flush()
    fill(session, pulse.open_round(session, team), OPEN_ROUND)
    return team


def test_points_leave_out_small_groups_and_the_open_round(session, team):
    assert trend.trend_points(session, team, 3) == [
        TrendPoint("arbejdsmaengde", D1, 2.2, 5),
        TrendPoint("samarbejde", D1, 3.3, 4),
        TrendPoint("arbejdsmaengde", D2, 3.0, 5),
        TrendPoint("samarbejde", D2, 3.3, 4),
        TrendPoint("arbejdsmaengde", D3, 3.6, 5),
        TrendPoint("samarbejde", D3, 2.5, 4),
        TrendPoint("ledelse", D3, 3.5, 4),
    ]


def test_a_higher_threshold_hides_four_answer_points(session, team):
    points = trend.trend_points(session, team, 5)
    assert [(p.theme, p.when, p.mean) for p in points] == [
        ("arbejdsmaengde", D1, 2.2),
        ("arbejdsmaengde", D2, 3.0),
        ("arbejdsmaengde", D3, 3.6),
    ]
    assert all(p.answers >= 5 for p in points)


def test_threshold_never_below_three(session, team):
    assert trend.trend_points(session, team, 1) == trend.trend_points(session, team, 3)


def test_points_for_chosen_themes_follow_their_order(session, team):
    points = trend.trend_points(session, team, 3, ["ledelse", "samarbejde"])
    assert [(p.theme, p.when) for p in points] == [
        ("samarbejde", D1),
        ("samarbejde", D2),
        ("ledelse", D3),
        ("samarbejde", D3),
    ]
    assert trend.trend_points(session, team, 3, []) == []


def test_points_carry_no_per_person_values():
    assert {f.name for f in dataclasses.fields(TrendPoint)} == {"theme", "when", "mean", "answers"}


def test_describe_in_plain_danish(session, team):
    assert trend.describe(trend.trend_points(session, team, 3)) == (
        "Arbejdsmængde og tidspres: fra 2,2 til 3,6 siden 3. november 2025 (bedre).\n"
        "Samarbejde: fra 3,3 til 2,5 siden 3. november 2025 (dårligere).\n"
        "Ledelse: 3,5 (kun én måling endnu)."
    )


@pytest.mark.parametrize(
    ("first", "last", "verdict"),
    [
        (3.1, 3.4, "bedre"),  # exactly 0.3 counts as a change, despite float arithmetic
        (3.4, 3.1, "dårligere"),
        (3.0, 3.2, "uændret"),
        (3.0, 2.8, "uændret"),
        (2.5, 2.5, "uændret"),
    ],
)
def test_describe_verdicts(first, last, verdict):
    points = [
        TrendPoint("konflikter", date(2025, 3, 3), first, 5),
        TrendPoint("konflikter", date(2025, 5, 1), 1.0, 5),
        TrendPoint("konflikter", date(2025, 6, 2), last, 5),
    ]
    text = trend.describe(reversed(points))  # input order does not matter within a theme
    dk = {3.1: "3,1", 3.4: "3,4", 3.0: "3,0", 3.2: "3,2", 2.8: "2,8", 2.5: "2,5"}
    assert text == f"Konflikter: fra {dk[first]} til {dk[last]} siden 3. marts 2025 ({verdict})."


def test_describe_without_points():
    assert trend.describe([]) == NO_POINTS
    assert trend.describe([], min_answers=5) == NO_POINTS.replace("tre", "fem")


def test_short_danish_dates():
    assert trend.short_date(date(2025, 12, 3)) == "3. dec."
    assert trend.short_date(date(2025, 5, 17)) == "17. maj"
    assert trend.short_date(date(2026, 1, 12), with_year=True) == "12. jan.\n2026"


def test_figure_shows_the_points(session, team):
    points = trend.trend_points(session, team, 3)
    fig = trend.trend_figure(points, "Udvikling for Bageriet")
    fig.canvas.draw()
    (ax,) = fig.axes
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert list(lines) == ["Arbejdsmængde og tidspres", "Samarbejde", "Ledelse"]
    work = lines["Arbejdsmængde og tidspres"]
    assert list(work.get_ydata()) == [2.2, 3.0, 3.6]
    assert [num2date(x).date() for x in work.get_xdata()] == [D1, D2, D3]
    assert list(lines["Ledelse"].get_ydata()) == [3.5]
    assert all(line.get_marker() not in (None, "None", "") for line in lines.values())
    assert ax.get_ylim() == pytest.approx((0.8, 5.2))
    assert list(ax.get_yticks()) == [1, 2, 3, 4, 5]
    assert ax.get_ylabel() == "Gennemsnit (1 = meget dårligt, 5 = meget godt)"
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["3. nov.\n2025", "1. dec.\n2025", "12. jan.\n2026"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(lines)
    texts = [t for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]
    shown = {t.get_text() for t in texts}
    assert "Udvikling for Bageriet" in shown
    assert "Kun målinger med mindst 3 svar pr. tema er vist." in shown
    assert min(t.get_fontsize() for t in texts) >= 11
    # The legend sits below the plot.
    renderer = fig.canvas.get_renderer()
    legend_box = ax.get_legend().get_window_extent(renderer)
    assert legend_box.y1 < ax.get_window_extent(renderer).y0


def test_ticks_within_one_year_have_no_year():
    points = [
        TrendPoint("ledelse", date(2025, 3, 3), 2.0, 3),
        TrendPoint("ledelse", date(2025, 12, 3), 3.0, 3),
    ]
    fig = trend.trend_figure(points, "Udvikling")
    fig.canvas.draw()
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.get_xticklabels()] == ["3. mar.", "3. dec."]
    assert ax.get_xlim()[0] < date2num(date(2025, 3, 3))


def test_render_png_is_a_phone_sized_png(session, team):
    png = trend.render_png(trend.trend_points(session, team, 3), "Udvikling for Bageriet")
    assert png.startswith(b"\x89PNG")
    image = matplotlib.image.imread(io.BytesIO(png))
    height, width = image.shape[:2]
    assert 900 <= width <= 1200 and height >= 700


def test_render_png_copes_with_no_points_and_long_titles():
    assert trend.render_png([], "Udvikling for " + "Hjemmeplejen " * 12).startswith(b"\x89PNG")


def test_plan_themes(session):
    team = create_team(session, "rest:leder", "Bageriet")
    assert trend.plan_themes(team) == []
    low = add_problem(session, team, "konflikter", "", 1, "dialog")
    high = add_problem(session, team, "samarbejde", "", 3, "dialog")
    add_problem(session, team, "konflikter", "igen", 3, "dialog")
    mid = add_problem(session, team, "ledelse", "", 2, "dialog")
    session.refresh(team)
    # No plan yet: the problems, most important first, each theme once.
    assert trend.plan_themes(team) == ["samarbejde", "konflikter", "ledelse"]
    add_action(session, team, "Fælles frokost om fredagen", "formanden", None, problem_id=low.id)
    add_action(session, team, "Ti minutters morgenmøde", "lederen", None, problem_id=mid.id)
    add_action(session, team, "Spørg kunderne", "lederen", None)  # tied to no problem
    session.refresh(team)
    assert trend.plan_themes(team) == ["ledelse", "konflikter"]
    assert high.theme not in trend.plan_themes(team)


def test_trend_chart_follows_the_plan(session, team):
    problem = add_problem(session, team, "samarbejde", "Info går tabt", 3, "dialog")
    add_action(session, team, "Tavle i frokoststuen", "formanden", None, problem_id=problem.id)
    session.refresh(team)
    png, text = trend.trend_chart(session, team, 3)
    assert png is not None and png.startswith(b"\x89PNG")
    assert text == "Samarbejde: fra 3,3 til 2,5 siden 3. november 2025 (dårligere)."


def test_trend_chart_without_plan_shows_all_themes(session, team):
    png, text = trend.trend_chart(session, team, 5)
    assert png is not None
    assert text == "Arbejdsmængde og tidspres: fra 2,2 til 3,6 siden 3. november 2025 (bedre)."


def test_trend_chart_without_closed_rounds(session):
    team = create_team(session, "rest:leder", "Bageriet")
    fill(session, pulse.open_round(session, team), OPEN_ROUND)
    assert trend.trend_chart(session, team, 3) == (None, NO_POINTS)
    assert trend.trend_chart(session, team, 4) == (None, NO_POINTS.replace("tre", "fire"))


def test_points_are_the_frozen_figures_and_never_change(session, team):
    """The raw answers of a closed round are gone; an answer slipped into a closed round
    afterwards (by hand, not by the app) and forgetting a person change no point."""
    from sqlalchemy import select

    from bot.db.models import PulseAnswer, PulseRound

    before = trend.trend_points(session, team, 3)
    closed = session.scalars(select(PulseRound).where(PulseRound.closed_at.is_not(None))).all()
    assert len(closed) == 3
    assert (
        session.scalars(
            select(PulseAnswer).where(PulseAnswer.round_id.in_([r.id for r in closed]))
        ).all()
        == []
    )
    session.add(PulseAnswer(round_id=closed[0].id, respondent="x" * 64, theme="ledelse", score=1))
    for i in range(5):
        pulse.forget_open_answers(session, team, SECRET, f"telegram:{1000 + i}")
    session.flush()
    assert trend.trend_points(session, team, 3) == before


def test_bands_and_hidden_themes_have_no_point(session, team):
    from bot.db.models import PulseRound

    first = session.query(PulseRound).order_by(PulseRound.id).first()
    shown = {t.theme: t.text() for t in pulse.result(session, first, 3).themes}
    assert shown["konflikter"] == "under 2,5"
    assert "konflikter" not in {p.theme for p in trend.trend_points(session, team, 3)}
