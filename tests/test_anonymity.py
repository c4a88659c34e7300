"""Randomised anonymity properties of the pulse (docs/design.md section 4), over many seeds.

- no aggregate below max(3, min_answers): not in pulse.result, the trend or the APV export;
- no differencing: results only for closed rounds, frozen when the round closes (its answers
  are then deleted), a closed round takes no more answers and deleting a person's data never
  changes it, so every look at a round (close, result, trend, export) shows the same
  aggregate; a new round gets respondent keys that cannot be linked to the old ones; no
  sender id is stored;
- no figure lets a respondent who knows their own answer infer the others' (the figures of
  bot/coach/pulse_figures.py, attacked by brute force on what the close message shows);
- no live count while a round is open;
- the configured threshold is never below 3;
- one person counts once, results carry no per-person value, the pulse stores no free text.

Plain `random.Random(seed)` so a failing seed can be replayed; hypothesis is not installed.
The tests marked `servers` perform the attacks against the running assistant over REST.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import random
import re
import statistics
import threading
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from bot.coach import export, pulse, service, trend
from bot.coach.teams import create_team
from bot.coach.themes import label
from bot.config import load_settings
from bot.db.models import Member, PulseAnswer, PulseRound, Team
from bot.db.session import get_engine, session_scope
from bot.themes import THEME_LABELS

SECRET = b"anonymity-test-secret"
THEMES = list(THEME_LABELS)
TODAY = date(2026, 3, 2)

# theme -> sender -> the sender's final score in one round
Truth = dict[str, dict[str, int]]


def threshold(min_answers: int) -> int:
    return max(3, min_answers)


def new_senders(rng: random.Random, count: int) -> list[str]:
    """Pseudonymous ids with a long number, so a chance match inside a hex digest is ~0."""
    channels = ("telegram", "teamroom", "rest")
    return [f"{rng.choice(channels)}:{rng.randrange(10**11, 10**12)}" for _ in range(count)]


def answer_randomly(
    session, round_: PulseRound, rng: random.Random, people: list[str], truth: Truth
) -> None:
    """Each person answers a random subset of themes (maybe none), sometimes changing a score."""
    for person in people:
        for theme in rng.sample(THEMES, rng.randint(0, len(THEMES))):
            for _ in range(1 + (rng.random() < 0.2)):  # a changed answer replaces the first
                score = rng.randint(1, 5)
                pulse.answer(session, round_, SECRET, person, theme, score)
                truth.setdefault(theme, {})[person] = score


def respondents_of(truth: Truth) -> int:
    return len({person for answers in truth.values() for person in answers})


@dataclasses.dataclass(frozen=True)
class Expected:
    respondents: int
    shown: dict[str, Any]  # theme -> the pulse_figures.Figure (mean, spread or band)
    withheld: set[str]  # too few answered
    hidden: set[str]  # too few different answers


def expected(truth: Truth, min_answers: int) -> Expected | None:
    """What pulse.result may show for these answers: the threshold applied here, the figure
    from bot/coach/pulse_figures.py (attacked on its own in tests/test_pulse_figures.py)."""
    from bot.coach import pulse_figures

    t = threshold(min_answers)
    people = respondents_of(truth)
    if people < t:
        return None
    shown, withheld, hidden = {}, set(), set()
    for theme, answers in truth.items():
        scores = list(answers.values())
        if len(scores) >= t:
            figure = pulse_figures.figure(scores)
            if figure.kind == pulse_figures.HIDDEN:
                hidden.add(theme)
            else:
                shown[theme] = figure
        elif scores:
            withheld.add(theme)
    return Expected(people, shown, withheld, hidden)


def check_result(result: pulse.RoundResult | None, truth: Truth, min_answers: int) -> None:
    t = threshold(min_answers)
    want = expected(truth, min_answers)
    if want is None:
        assert result is None, f"an aggregate over {respondents_of(truth)} < {t} people"
        return
    assert result is not None
    assert result.respondents == want.respondents >= t
    for item in result.themes:
        assert item.answers >= t, f"{item.theme}: {item.answers} answers shown, threshold {t}"
        assert item.figure() == want.shown[item.theme]
        if item.answers < 5:
            assert item.spread is None, f"{item.theme}: a spread from {item.answers} answers"
    assert {item.theme for item in result.themes} == set(want.shown)
    assert len(result.themes) == len(want.shown)  # each theme once
    # Withheld and hidden themes are names only: no count, mean or spread travels with them.
    assert all(type(theme) is str for theme in result.withheld + result.hidden)
    assert set(result.withheld) == want.withheld
    assert set(result.hidden) == want.hidden
    assert want.withheld.isdisjoint(want.shown)


class PulseSection(HTMLParser):
    """Table rows (cell texts) and paragraph texts of the export's pulse section."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.paragraphs: list[str] = []
        self._cell: list[str] | None = None
        self._paragraph: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "p":
            self._paragraph = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "p" and self._paragraph is not None:
            self.paragraphs.append(" ".join("".join(self._paragraph).split()))
            self._paragraph = None

    def handle_data(self, data):
        for part in (self._cell, self._paragraph):
            if part is not None:
                part.append(data)


def pulse_section(document: str) -> PulseSection:
    section = document.split("<h3>Seneste pulsmåling</h3>", 1)[1].split("</section>", 1)[0]
    parser = PulseSection()
    parser.feed(section)
    parser.close()
    return parser


def decimal_number(cell: str) -> float:
    assert re.fullmatch(r"\d,\d", cell), cell
    return float(cell.replace(",", "."))


def export_cells(figure) -> tuple[str, str]:
    """The Gennemsnit and Spredning cells the export must show for a pulse_figures.Figure."""
    from bot.coach.pulse_figures import decimal

    mean = decimal(figure.mean) if figure.mean is not None else figure.text()
    spread = decimal(figure.spread) if figure.spread is not None else "–"
    return mean, spread


def close_message_figures(message: str) -> dict[str, str]:
    """theme -> the figure as the close message shows it ('2,3', 'under 2,5', ...)."""
    by_label = {label(theme).capitalize(): theme for theme in THEMES}
    shown = {}
    for line in message.splitlines():
        if line.startswith("- "):
            name, figure = line[2:].split(": ", 1)
            shown[by_label[name]] = figure
    return shown


def check_export(document: str, latest: Truth | None, min_answers: int) -> None:
    """The export's pulse section shows exactly what pulse.result allows for the latest round."""
    t = threshold(min_answers)
    section = pulse_section(document)
    text_ = " ".join(section.paragraphs)
    if latest is None:
        assert not section.rows and "ikke afsluttet nogen pulsmåling" in text_
        return
    want = expected(latest, min_answers)
    if want is None:
        assert not section.rows, "a table for a round with too few answers"
        assert not re.search(r"\d,\d", text_), "a mean for a round with too few answers"
        assert f"(mindst {t})" in text_
        return
    assert re.search(rf"\b{want.respondents} svarede\b", text_)
    if not want.shown:
        assert not section.rows
    else:
        header, *rows = section.rows
        assert header == ["Tema", "Gennemsnit", "Spredning", "Svar"]
        by_label = {label(theme).capitalize(): theme for theme in THEMES}
        seen = set()
        for name, mean, spread, answers in rows:
            theme = by_label[name]
            assert theme not in want.withheld, f"a withheld theme in the table: {name}"
            assert theme not in want.hidden, f"a hidden theme in the table: {name}"
            assert int(answers) >= t, f"{name}: {answers} answers shown, threshold {t}"
            assert int(answers) == want.shown[theme].answers
            assert (mean, spread) == export_cells(want.shown[theme])
            seen.add(theme)
        assert seen == set(want.shown)
    hidden_notes = [p for p in section.paragraphs if "forskellige svar" in p]
    if want.hidden:
        (note,) = hidden_notes
        assert not re.findall(r"\d", note), f"numbers beside hidden themes: {note}"
        for theme in want.hidden:
            assert label(theme) in note
    else:
        assert not hidden_notes
    withheld_notes = [p for p in section.paragraphs if p.startswith("Vises ikke, fordi færre")]
    if want.withheld:
        (note,) = withheld_notes
        assert re.findall(r"\d+", note) == [str(t)], f"numbers beside withheld themes: {note}"
        for theme in want.withheld:
            assert label(theme) in note
    else:
        assert not withheld_notes


def expected_trend(closed: list[Truth], min_answers: int) -> list[tuple[str, float, int]]:
    points = []
    for truth in closed:
        want = expected(truth, min_answers)
        if want is None:
            continue
        for theme in THEMES:
            if theme in want.shown and want.shown[theme].mean is not None:  # bands: no point
                figure = want.shown[theme]
                points.append((theme, figure.mean, figure.answers))
    return points


# 1. No aggregate below the threshold: result, trend and export, open rounds never.


@pytest.mark.parametrize("seed", range(40))
def test_no_aggregate_below_the_threshold_anywhere(session, seed):
    rng = random.Random(seed)
    team = create_team(session, f"rest:leder{seed}", "Holdet")
    closed: list[tuple[PulseRound, Truth]] = []
    open_truth: Truth | None = None
    for number in range(rng.randint(1, 4)):
        round_ = pulse.open_round(session, team)
        truth: Truth = {}
        answer_randomly(session, round_, rng, new_senders(rng, rng.randint(0, 8)), truth)
        for min_answers in range(-1, 8):
            assert pulse.result(session, round_, min_answers) is None  # still open
        if number > 0 and rng.random() < 0.3:  # the last round is left open
            open_truth = truth
            break
        pulse.close_round(session, round_)
        closed.append((round_, truth))

    thresholds = sorted({rng.randint(3, 6) for _ in range(3)} | {rng.randint(-2, 2)})
    for min_answers in thresholds:
        for round_, truth in closed:
            check_result(pulse.result(session, round_, min_answers), truth, min_answers)

        points = trend.trend_points(session, team, min_answers)
        assert all(p.answers >= threshold(min_answers) for p in points)
        assert [(p.theme, p.mean, p.answers) for p in points] == expected_trend(
            [truth for _round, truth in closed], min_answers
        ), "the trend shows something the closed rounds' results do not (an open round?)"

        document = export.plan_document(session, team, TODAY, min_answers)
        check_export(document, closed[-1][1] if closed else None, min_answers)

    if open_truth is not None:  # the open round's answers are counted, never shown
        assert pulse.respondents(session, pulse.current_round(session, team)) == respondents_of(
            open_truth
        )


@pytest.mark.parametrize("seed", range(12))
def test_repeated_answers_by_the_same_people_never_reach_the_threshold(session, seed):
    """One person counts once, however often they answer: two people never make an aggregate."""
    rng = random.Random(1000 + seed)
    team = create_team(session, "rest:leder", "Holdet")
    round_ = pulse.open_round(session, team)
    people = new_senders(rng, rng.randint(1, 2))
    truth: Truth = {}
    for _ in range(rng.randint(5, 40)):
        person, theme, score = rng.choice(people), rng.choice(THEMES), rng.randint(1, 5)
        pulse.answer(session, round_, SECRET, person, theme, score)
        truth.setdefault(theme, {})[person] = score
    counts = session.execute(
        select(PulseAnswer.theme, PulseAnswer.respondent).where(PulseAnswer.round_id == round_.id)
    ).all()
    assert len(counts) == len(set(counts)) == sum(len(a) for a in truth.values())
    pulse.close_round(session, round_)
    assert pulse.respondents(session, round_) == respondents_of(truth) <= 2
    for min_answers in range(-2, 7):
        assert pulse.result(session, round_, min_answers) is None
    assert trend.trend_points(session, team, 0) == []


# 2. No value recoverable by differencing.


@pytest.mark.parametrize("seed", range(20))
def test_every_look_at_a_closed_round_shows_the_same_aggregate(session, seed):
    """A random sequence of answers, closes, re-opens, late answers and looks at the results:
    a closed round refuses every answer, so each (round, threshold) only ever has one result,
    and the trend only grows at the end (old points never change)."""
    rng = random.Random(2000 + seed)
    team = create_team(session, "rest:leder", "Holdet")
    people = new_senders(rng, rng.randint(3, 9))
    current = pulse.open_round(session, team)
    closed: list[PulseRound] = []
    seen: dict[tuple[int, int], pulse.RoundResult | None] = {}
    trends: dict[int, list[trend.TrendPoint]] = {}
    for _step in range(rng.randint(30, 80)):
        move = rng.random()
        if move < 0.55 and current is not None:
            pulse.answer(
                session, current, SECRET, rng.choice(people), rng.choice(THEMES), rng.randint(1, 5)
            )
        elif move < 0.70 and closed:
            old = rng.choice(closed)
            before = session.execute(
                select(PulseAnswer.respondent, PulseAnswer.theme, PulseAnswer.score)
                .where(PulseAnswer.round_id == old.id)
                .order_by(PulseAnswer.id)
            ).all()
            with pytest.raises(pulse.PulseError):
                pulse.answer(
                    session, old, SECRET, rng.choice(people), rng.choice(THEMES), rng.randint(1, 5)
                )
            after = session.execute(
                select(PulseAnswer.respondent, PulseAnswer.theme, PulseAnswer.score)
                .where(PulseAnswer.round_id == old.id)
                .order_by(PulseAnswer.id)
            ).all()
            assert before == after
        elif move < 0.80 and current is not None:
            pulse.close_round(session, current)
            closed.append(current)
            current = None
        elif move < 0.88:
            reopened = pulse.open_round(session, team)
            if current is None:
                assert all(reopened.id != old.id for old in closed)  # a NEW round
                assert pulse.respondents(session, reopened) == 0
            else:
                assert reopened.id == current.id  # one open round at a time
            current = reopened
        else:
            for old in closed:
                for t in range(3, 7):
                    outcome = pulse.result(session, old, t)
                    assert (
                        seen.setdefault((old.id, t), outcome) == outcome
                    ), f"round {old.id} showed two different aggregates (threshold {t})"
            for t in range(3, 7):
                points = trend.trend_points(session, team, t)
                earlier = trends.get(t, [])
                assert points[: len(earlier)] == earlier, "an earlier trend point changed"
                trends[t] = points
        if current is not None:
            assert pulse.result(session, current, 3) is None


@pytest.mark.parametrize("seed", range(8))
def test_service_refuses_late_answers_and_reopening_starts_an_unlinkable_round(app_db, seed):
    rng = random.Random(3000 + seed)
    leader, *people = new_senders(rng, rng.randint(4, 8))
    _name, code = service.create_team(leader, "Holdet")
    for person in people:
        service.join_team(person, code)
    assert service.open_pulse(leader) is True
    for person in people:
        for theme in rng.sample(THEMES, rng.randint(1, 4)):
            assert service.answer_pulse(person, theme, rng.randint(1, 5))
    with session_scope(app_db) as session:
        first_keys = set(session.execute(select(PulseAnswer.respondent)).scalars())
    shown = service.close_pulse(leader, force=True).text

    with session_scope(app_db) as session:
        (first,) = session.execute(select(PulseRound)).scalars()
        result_at_close = pulse.result(session, first, load_settings().pulse_min_answers)
        assert session.execute(select(PulseAnswer)).first() is None  # deleted at close

    for person in rng.sample(people, len(people)):  # late answers go nowhere
        assert service.answer_pulse(person, rng.choice(THEMES), rng.randint(1, 5)) is False
    assert (
        service.close_pulse(leader).outcome == "ingen"
    )  # nothing open: no second result for the round

    assert service.open_pulse(leader) is True  # a new round, empty
    for person in people:  # the same people answer again
        assert service.answer_pulse(person, THEMES[0], rng.randint(1, 5))

    with session_scope(app_db) as session:
        rounds = session.execute(select(PulseRound).order_by(PulseRound.id)).scalars().all()
        assert len(rounds) == 2 and rounds[0].id == first.id and rounds[1].closed_at is None
        assert pulse.result(session, rounds[0], load_settings().pulse_min_answers) == (
            result_at_close
        ), "the closed round's aggregate changed"
        second_keys = set(
            session.execute(
                select(PulseAnswer.respondent).where(PulseAnswer.round_id == rounds[1].id)
            ).scalars()
        )
    assert len(second_keys) == len(people)
    assert first_keys.isdisjoint(second_keys), "a respondent key links two rounds"
    if result_at_close is not None:
        assert f"({result_at_close.respondents} svar" in shown
    assert_no_sender_stored(app_db, [leader, *people])


def assert_no_sender_stored(url: str, senders: list[str]) -> None:
    """Every column of every row of the pulse tables, as text, holds no sender id or its number."""
    needles = set(senders) | {s.split(":", 1)[1] for s in senders}
    with get_engine(url).connect() as connection:
        for table in ("pulse_answers", "pulse_rounds", "pulse_results", "pulse_theme_results"):
            rows = connection.execute(text(f"SELECT * FROM {table}")).all()
            for row in rows:
                for value in row:
                    for needle in needles:
                        assert needle not in str(value), f"{table} stores {needle!r}"


@pytest.mark.parametrize("seed", range(20))
def test_respondent_keys_are_keyed_and_per_round(seed):
    """The key depends on secret, round and sender; without the secret it cannot be
    recomputed, and the same sender's keys in two rounds have nothing in common."""
    rng = random.Random(4000 + seed)
    senders = new_senders(rng, 8)
    rounds = rng.sample(range(1, 10_000), 6)
    other_secret = rng.randbytes(32)
    keys = {(r, s): pulse.respondent_key(SECRET, r, s) for r in rounds for s in senders}
    assert len(set(keys.values())) == len(keys)  # no two (round, sender) share a key
    for (r, s), key in keys.items():
        assert re.fullmatch(r"[0-9a-f]{64}", key)
        assert s not in key and s.split(":", 1)[1] not in key
        assert key != pulse.respondent_key(other_secret, r, s)
        for guess in (f"{r}:{s}", s, f"{s}:{r}"):  # unkeyed hashes do not give the key
            assert key != hashlib.sha256(guess.encode()).hexdigest()
    for s in senders:  # no shared prefix/suffix that would link a sender's rounds
        mine = [keys[(r, s)] for r in rounds]
        assert len({k[:8] for k in mine}) == len(mine)
        assert len({k[-8:] for k in mine}) == len(mine)


@pytest.mark.parametrize("seed", range(6))
def test_stored_pulse_rows_hold_no_sender(session, db_url, seed):
    rng = random.Random(5000 + seed)
    team = create_team(session, "rest:leder", "Holdet")
    people = new_senders(rng, rng.randint(3, 8))
    for _ in range(rng.randint(1, 3)):
        round_ = pulse.open_round(session, team)
        answer_randomly(session, round_, rng, people, {})
        pulse.close_round(session, round_)
    session.commit()
    assert_no_sender_stored(db_url, people)


# 3. The configured threshold is never below 3.


@pytest.mark.parametrize(
    ("raw", "wanted"),
    [("", 3), ("-4", 3), ("0", 3), ("1", 3), ("2", 3), ("3", 3), ("4", 4), ("5", 5), ("9", 9)],
)
def test_configured_threshold_is_never_below_three(monkeypatch, raw, wanted):
    monkeypatch.setenv("TRIVSEL_PULSE_MIN_ANSWERS", raw)
    assert load_settings().pulse_min_answers == wanted


def test_threshold_unset_defaults_to_three(monkeypatch):
    monkeypatch.delenv("TRIVSEL_PULSE_MIN_ANSWERS", raising=False)
    assert load_settings().pulse_min_answers == 3


@pytest.fixture()
def app_db(db_url, monkeypatch):
    """A migrated database for the service functions, which read the settings themselves."""
    from bot.db.migrate import upgrade

    upgrade(db_url)
    monkeypatch.setenv("TRIVSEL_SECRET", SECRET.decode())
    monkeypatch.delenv("TRIVSEL_PULSE_MIN_ANSWERS", raising=False)
    return db_url


@pytest.mark.parametrize("seed", range(16))
def test_close_trend_and_export_use_the_configured_threshold(app_db, monkeypatch, seed):
    """Through the service layer, with TRIVSEL_PULSE_MIN_ANSWERS anywhere from 0 to 6."""
    from bot.coach import followup_service

    rng = random.Random(6000 + seed)
    raw = rng.randint(0, 6)
    monkeypatch.setenv("TRIVSEL_PULSE_MIN_ANSWERS", str(raw))
    t = threshold(raw)
    leader, *people = new_senders(rng, rng.randint(1, 9))
    _name, code = service.create_team(leader, "Holdet")
    for person in people:
        service.join_team(person, code)
    service.open_pulse(leader)
    truth: Truth = {}
    for person in [leader, *people]:
        for theme in rng.sample(THEMES, rng.randint(0, len(THEMES))):
            score = rng.randint(1, 5)
            assert service.answer_pulse(person, theme, score)
            truth.setdefault(theme, {})[person] = score
    closing = service.close_pulse(leader, force=True)
    message, added = closing.text, list(closing.added)
    want = expected(truth, raw)

    theme_lines = [line for line in message.splitlines() if line.startswith("- ")]
    if want is None:
        assert not theme_lines and not added
        assert not re.search(r"\d[.,]\d", message), "a mean in the 'too few' message"
        assert f"mindst {t} har svaret" in message
    else:
        assert message.startswith(f"Resultat af pulsmålingen ({want.respondents} svar")
        shown = close_message_figures(message)
        assert shown == {theme: f.text() for theme, f in want.shown.items()}
        assert set(added) <= set(want.shown)
        if want.hidden:
            assert "for få forskellige svar" in message

    has_points, words = followup_service.trend_text(leader)
    exact = {theme for theme, f in (want.shown if want else {}).items() if f.mean is not None}
    assert has_points == bool(exact)  # a band has no point in the trend
    if has_points:
        titles = {line.split(":", 1)[0] for line in words.splitlines()}
        assert titles <= {trend.theme_title(theme) for theme in exact}

    _filename, document = followup_service.export_document(leader, TODAY)
    check_export(document, truth, raw)


# 4. The rest of docs/design.md section 4 that pulse.py claims.


def test_nothing_returned_carries_a_per_person_value():
    fields = {
        f.name for cls in (pulse.RoundResult, pulse.ThemeResult) for f in dataclasses.fields(cls)
    }
    fields |= {f.name for f in dataclasses.fields(trend.TrendPoint)}
    assert fields == {
        "round_id", "respondents", "themes", "withheld", "hidden", "theme", "answers", "mean",
        "spread", "band", "when",
    }  # fmt: skip


def test_the_pulse_tables_hold_no_free_text_time_or_sender(session):
    """Answers are a keyed hash, a theme and a score: no free text to attribute, no sender,
    and no per-answer timestamp that could tie an answer to who was online when."""
    tables = ("pulse_answers", "pulse_rounds", "pulse_results", "pulse_theme_results")
    columns = {
        table: {c["name"] for c in inspect(session.get_bind()).get_columns(table)}
        for table in tables
    }
    assert columns == {
        "pulse_answers": {"id", "round_id", "respondent", "theme", "score"},
        "pulse_rounds": {"id", "team_id", "opened_at", "closed_at"},
        "pulse_results": {"round_id", "respondents", "min_answers"},
        "pulse_theme_results": {
            "round_id", "theme", "shown_as", "answers", "mean_tenths", "spread_tenths", "band",
        },
    }  # fmt: skip


@pytest.mark.parametrize("seed", range(10))
def test_has_answered_gives_themes_not_scores_and_only_for_that_sender(session, seed):
    rng = random.Random(7000 + seed)
    team = create_team(session, "rest:leder", "Holdet")
    round_ = pulse.open_round(session, team)
    people = new_senders(rng, 5)
    truth: Truth = {}
    answer_randomly(session, round_, rng, people, truth)
    for person in people:
        mine = pulse.has_answered(session, round_, SECRET, person)
        assert all(type(theme) is str and theme in THEME_LABELS for theme in mine)
        assert mine == {theme for theme, answers in truth.items() if person in answers}
        # With another secret (someone guessing), nothing is found.
        assert pulse.has_answered(session, round_, b"guess", person) == set()


@pytest.mark.parametrize("seed", range(10))
def test_invalid_answers_are_refused_and_store_nothing(session, seed):
    """Only a known theme and a whole 1-5 are stored: no free text can enter the pulse."""
    rng = random.Random(8000 + seed)
    team = create_team(session, "rest:leder", "Holdet")
    round_ = pulse.open_round(session, team)
    (person,) = new_senders(rng, 1)
    bad = [
        (rng.choice(["", "fri tekst om Bo", "Ledelse", "ledelse ", "x" * 40]), rng.randint(1, 5)),
        (rng.choice(THEMES), rng.choice([0, 6, -1, 100, 3.0, 2.5, "3", None])),
    ]
    for theme, score in bad:
        with pytest.raises(pulse.PulseError):
            pulse.answer(session, round_, SECRET, person, theme, score)
    assert session.execute(select(PulseAnswer)).first() is None


# An answer racing the close: it must land before the close (and count in the one result)
# or be refused, never change a result already shown (differencing would give its score).


def test_an_answer_to_a_round_another_session_closed_cannot_change_its_result(app_db):
    with session_scope(app_db) as setup:
        team = create_team(setup, "rest:leder", "Holdet")
        round_ = pulse.open_round(setup, team)
        for person, score in (("rest:a", 1), ("rest:b", 2), ("rest:c", 3)):
            pulse.answer(setup, round_, SECRET, person, "ledelse", score)
        team_id, round_id = team.id, round_.id

    with session_scope(app_db) as late:  # the late answer's request found the round open
        stale = pulse.current_round(late, late.get(Team, team_id))
        assert stale.id == round_id
        with session_scope(app_db) as closing:  # meanwhile another request closes it
            closed = closing.get(PulseRound, round_id)
            pulse.close_round(closing, closed)
            shown = pulse.result(closing, closed, 3)
        try:
            pulse.answer(late, stale, SECRET, "rest:d", "ledelse", 5)
        except pulse.PulseError:
            pass  # refused: fine

    assert shown is not None and shown.respondents == 3
    with session_scope(app_db) as session:
        assert pulse.result(session, session.get(PulseRound, round_id), 3) == shown


def test_an_answer_racing_close_pulse_cannot_change_the_shown_result(app_db, monkeypatch):
    """Through the service layer: d's answer_pulse finds the round open, then the leader's
    close_pulse (another worker thread, as in actions/common.in_thread) closes it and shows
    the result; d's answer is still stored, and every later look at the round (trend,
    export) differs from the close by exactly d."""
    leader = "rest:leder"
    _name, code = service.create_team(leader, "Holdet")
    for person in ("rest:a", "rest:b", "rest:c", "rest:d"):
        service.join_team(person, code)
    service.open_pulse(leader)
    for person, score in (("rest:a", 2), ("rest:b", 3), ("rest:c", 4)):
        assert service.answer_pulse(person, "ledelse", score)

    main = threading.current_thread()
    closing: dict[str, object] = {}
    real_current_round = pulse.current_round

    def close_meanwhile():
        try:
            closing["outcome"] = service.close_pulse(leader, force=True)
        except Exception as exc:  # reported below, not lost in the thread
            closing["error"] = exc

    def current_round_then_close(session, team):
        found = real_current_round(session, team)
        if threading.current_thread() is main and not closing:
            worker = threading.Thread(target=close_meanwhile)
            worker.start()
            worker.join()
        return found

    monkeypatch.setattr(pulse, "current_round", current_round_then_close)
    try:
        accepted = service.answer_pulse("rest:d", "ledelse", 5)
    except pulse.PulseError:
        accepted = False  # refused: fine
    monkeypatch.setattr(pulse, "current_round", real_current_round)

    assert "error" not in closing, closing.get("error")
    message = closing["outcome"].text
    assert message.startswith("Resultat af pulsmålingen (3 svar")  # a, b, c: mean 3,0
    with session_scope(app_db) as session:
        (round_,) = session.execute(select(PulseRound)).scalars()
        later = pulse.result(session, round_, 3)
        (point,) = trend.trend_points(session, session.get(Team, round_.team_id), 3)
    # Before the lock: accepted was True, later had 4 respondents and mean 3.5, so d's score
    # was 4 * 3.5 - 3 * 3.0 = 5 (exact: sums of whole scores, fewer than 10 answers).
    assert later.respondents == 3 and point.answers == 3, (
        f"late answer accepted={accepted}: close showed 3 answers, later {point.answers} "
        f"(mean {point.mean}); differencing gives d's score"
    )


# 5. The attacks of issue 11, each performed: it worked before this, and must not now.


def scores_from(text_: str) -> str:
    return text_.replace(",", ".")


def consistent(figure: str, answers: tuple[int, ...]) -> bool:
    """Whether these answers could be behind a figure as shown, read as numbers only (the
    attacker ignores which form was chosen: tests/test_pulse_figures.py covers that too)."""
    n, total = len(answers), sum(answers)
    mean = total / n
    if figure == "under 2,5":
        return mean < 2.5
    if figure == "mellem 2,5 og 3,5":
        return 2.5 <= mean <= 3.5
    if figure == "over 3,5":
        return mean > 3.5
    found = re.fullmatch(r"(\d[.,]\d)(?: \(spredning (\d[.,]\d)\))?", figure)
    assert found, f"a figure the attacker cannot read: {figure!r}"
    shown_mean, shown_spread = found.groups()
    if abs(mean - float(scores_from(shown_mean))) > 0.05 + 1e-9:
        return False
    if shown_spread is not None:
        spread = statistics.pstdev(answers)
        return abs(spread - float(scores_from(shown_spread))) <= 0.05 + 1e-9
    return True


def inferred(figure: str, n: int, own: int) -> tuple[int, ...] | None:
    """The others' answers, when the figure leaves who answered `own` one possibility."""
    possible = set()
    for answers in itertools.combinations_with_replacement(range(1, 6), n):
        if own in answers and consistent(figure, answers):
            rest = list(answers)
            rest.remove(own)
            possible.add(tuple(rest))
            if len(possible) > 1:
                return None
    return possible.pop() if possible else None


def realistic_scores(rng: random.Random, n: int) -> list[int]:
    centre, spread = rng.randint(1, 5), rng.choice([0, 1, 1, 2, 4])
    values = [min(5, max(1, centre + rng.randint(-spread, spread))) for _ in range(n)]
    if rng.random() < 0.4:
        values[rng.randrange(n)] = rng.randint(1, 5)  # someone sees it differently
    return values


@pytest.mark.parametrize("seed", range(12))
def test_no_figure_in_the_close_message_lets_a_respondent_infer_the_others(app_db, seed):
    """Mean plus spread: with 3 answers they pinned the whole set in 33 of 35 cases. Each
    respondent, knowing their own answer and how many answered the theme, tries every set of
    answers against the close message; none may be left with one possibility, nor may
    someone who answered nothing."""
    rng = random.Random(9000 + seed)
    leader, *people = new_senders(rng, 12)
    _name, code = service.create_team(leader, "Holdet")
    for person in people:
        service.join_team(person, code)
    service.open_pulse(leader)
    truth: dict[str, list[int]] = {}
    everyone = [leader, *people]
    for theme in THEMES:
        n = rng.randint(3, 12)
        truth[theme] = realistic_scores(rng, n)
        for person, score in zip(rng.sample(everyone, n), truth[theme], strict=True):
            assert service.answer_pulse(person, theme, score)
    message = service.close_pulse(leader, force=True).text
    leaks = []
    for theme, figure in close_message_figures(message).items():
        n = len(truth[theme])
        for own in sorted(set(truth[theme])):
            others = inferred(figure, n, own)
            if others is not None:
                leaks.append(f"{theme} shown as {figure!r}: who answered {own} knows {others}")
        every = [
            a
            for a in itertools.combinations_with_replacement(range(1, 6), n)
            if consistent(figure, a)
        ]
        if len(every) < 2 or all(len(set(a)) == 1 for a in every):
            leaks.append(f"{theme} shown as {figure!r}: anybody knows {every}")
    assert not leaks, "\n".join(leaks)


@pytest.fixture()
def team_of_four(app_db):
    """A leader and three colleagues (the victim last) in one team, nobody answered yet."""
    people = ["rest:leder", "rest:kollega-a", "rest:kollega-b", "rest:offer"]
    _name, code = service.create_team(people[0], "Holdet")
    for person in people[1:]:
        service.join_team(person, code)
    return people


def everything_shown(leader: str) -> dict[str, object]:
    """Every look the team has at its closed rounds: result, trend, chart, export."""
    from bot.coach import followup_service

    settings = load_settings()
    with session_scope(settings.db_url) as session:
        rounds = session.scalars(
            select(PulseRound).where(PulseRound.closed_at.is_not(None)).order_by(PulseRound.id)
        ).all()
        results = [pulse.result(session, r, settings.pulse_min_answers) for r in rounds]
        team = session.get(Team, rounds[0].team_id)
        points = trend.trend_points(session, team, settings.pulse_min_answers)
    _filename, document = followup_service.export_document(leader, TODAY)
    return {
        "results": results,
        "trend points": points,
        "trend text": followup_service.trend_text(leader),
        "chart": followup_service.trend_png(leader),
        "export": pulse_section(document).rows + [pulse_section(document).paragraphs],
    }


def recovered(before: dict[str, float], after: dict[str, float], n: int) -> dict[str, int]:
    """The attack: n·mean(before) − (n − 1)·mean(after) for every theme shown both times,
    rounded: with means rounded to one decimal and fewer than 10 answers it is exact."""
    return {
        theme: round(n * before[theme] - (n - 1) * after[theme])
        for theme in before
        if after.get(theme) is not None
    }


def exact_means(message: str) -> dict[str, float]:
    means = {}
    for theme, figure in close_message_figures(message).items():
        found = re.match(r"(\d[.,]\d)", figure)
        if found:
            means[theme] = float(scores_from(found.group(1)))
    return means


def test_deleting_my_data_after_close_changes_no_figure_the_team_sees(team_of_four):
    """Four answer, the round closes, one deletes their data: before, the result was
    recomputed from three and 4·mean(before) − 3·mean(after) gave their nine answers."""
    from bot.safety import privacy

    leader, *_colleagues, victim = team_of_four
    service.open_pulse(leader)
    victims = dict(zip(THEMES, (2, 4, 3, 5, 1, 3, 4, 2, 3), strict=True))
    for person, offset in zip(team_of_four[:3], (0, 0, 1), strict=True):
        for theme in THEMES:
            assert service.answer_pulse(person, theme, 3 + offset)
    for theme, score in victims.items():
        assert service.answer_pulse(victim, theme, score)
    message = service.close_pulse(leader, force=True).text
    assert message.startswith("Resultat af pulsmålingen (4 svar")  # how many answered
    before = everything_shown(leader)
    means_before = {t.theme: t.mean for t in before["results"][0].themes if t.mean is not None}
    assert len(means_before) >= 5, "the attack needs exact means to work on"

    assert privacy.forget(victim)
    after = everything_shown(leader)
    if after["results"] != before["results"]:
        later = after["results"][0]
        means_after = {t.theme: t.mean for t in later.themes} if later else {}
        pytest.fail(
            "deleting the victim's data changed the closed round: 4·mean(before) − "
            f"3·mean(after) = {recovered(means_before, means_after, 4)}, the victim answered "
            f"{victims}"
        )
    for look in before:
        assert after[look] == before[look], f"deleting a person's data changed the {look}"
    assert exact_means(message) == means_before  # the close message showed the same


@pytest.mark.parametrize("seed", range(10))
def test_no_deletion_after_close_changes_any_round(app_db, seed):
    """Random teams, rounds and deletions: a closed round looks the same to the team before
    and after any member deletes their data, and deleting in an open round only removes
    that person's answers there."""
    from bot.safety import privacy

    rng = random.Random(11000 + seed)
    leader, *people = new_senders(rng, rng.randint(4, 9))
    _name, code = service.create_team(leader, "Holdet")
    for person in people:
        service.join_team(person, code)
    for _round in range(rng.randint(1, 3)):
        service.open_pulse(leader)
        for person in [leader, *people]:
            for theme in rng.sample(THEMES, rng.randint(0, len(THEMES))):
                service.answer_pulse(person, theme, rng.randint(1, 5))
        service.close_pulse(leader, force=True)
    service.open_pulse(leader)  # an open round too: the deleted person's answers go
    for person in people:
        service.answer_pulse(person, rng.choice(THEMES), rng.randint(1, 5))
    before = everything_shown(leader)
    for person in rng.sample(people, rng.randint(1, len(people) - 1)):
        assert privacy.forget(person)
        assert everything_shown(leader) == before
        with session_scope(app_db) as session:
            assert session.scalar(select(Member).where(Member.sender_id == person)) is None


def start_pulse_texts(sender: str) -> str:
    """What ActionStartPulse says to `sender` (the REST channel), as the team reads it."""
    import asyncio

    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.pulse import ActionStartPulse
    from tests.domain import DOMAIN, texts_of

    latest = {"text": "/start_pulse", "intent": {"name": "start_pulse", "confidence": 1.0}}
    tracker = Tracker(
        sender_id=sender.split(":", 1)[1],
        slots={},
        latest_message=latest,
        events=[{"event": "user", "text": "/start_pulse", "parse_data": latest}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionStartPulse().run(dispatcher, tracker, DOMAIN))
    return "\n".join(texts_of(dispatcher.messages))


def test_no_live_count_while_the_round_is_open(team_of_four):
    """A second session watched "Indtil nu har N svaret" grow and learned when the victim
    answered. The open round says the same whoever has answered; the close says how many."""
    leader, *others = team_of_four
    first = start_pulse_texts(leader)
    assert "Pulsmålingen er åben" in first
    seen = {first}
    for person in others:
        for theme in THEMES:
            assert service.answer_pulse(person, theme, 3)
        seen.add(start_pulse_texts(leader))
        seen.add(start_pulse_texts(person))
    assert seen == {first}, f"the open round told something that changed: {seen}"
    assert not re.search(r"\d", first) and "Indtil nu" not in first
    message = service.close_pulse(leader, force=True).text
    assert message.startswith("Resultat af pulsmålingen (3 svar")


# 6. The same attacks against the running assistant, over the REST channel.


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from tests.servers import start_assistant

    running = start_assistant(tmp_path_factory.mktemp("anonymity"))
    yield running
    running.stop()


def looks_at_the_closed_round(assistant, owner: str) -> dict[str, object]:
    """What the team sees of its closed rounds: the trend over REST, result and export."""
    from tests.servers import rest, texts

    with session_scope(assistant.settings.db_url) as session:
        (closed,) = session.scalars(select(PulseRound).where(PulseRound.closed_at.is_not(None)))
        team = session.get(Team, closed.team_id)
        result = pulse.result(session, closed, assistant.settings.pulse_min_answers)
        document = export.plan_document(session, team, TODAY, assistant.settings.pulse_min_answers)
    section = pulse_section(document)
    return {
        "result": result,
        "export": (section.rows, section.paragraphs),
        "trend": texts(rest(assistant, owner, "/show_trend")),
    }


@pytest.mark.servers
def test_over_rest_no_live_count_and_deleting_after_close_changes_nothing(assistant):
    from tests.servers import rest, texts

    owner, victim, spy = "anon-leder", "anon-offer", "anon-spion"  # the spy: a second session
    colleagues = ["anon-a", "anon-b", "anon-c", spy]
    rest(assistant, owner, "/create_team")
    assert "Jeres kode er " in texts(rest(assistant, owner, "Kontoret"))
    with session_scope(assistant.settings.db_url) as session:  # approved members, as the
        team = session.scalar(select(Team).where(Team.name == "Kontoret"))  # owner would
        for member in [*colleagues, victim]:
            team.members.append(Member(sender_id=f"rest:{member}", role="medlem"))

    opened = texts(rest(assistant, owner, "/start_pulse"))
    assert "Pulsmålingen er åben" in opened and not re.search(r"\d", opened)
    victims = (2, 4, 3, 5, 1, 3, 4, 2, 3)
    answers = {"anon-a": (3,) * 9, "anon-b": (3,) * 9, "anon-c": (4,) * 9, victim: victims}
    for member, scores in answers.items():
        rest(assistant, member, "/answer_pulse")
        for score in scores:
            reply = texts(rest(assistant, member, str(score)))
        assert "Tak. Dine svar er gemt, så ingen i teamet kan se dem." in reply
        # A second session watching the open round learns nothing about who has answered.
        assert texts(rest(assistant, spy, "/start_pulse")) == opened
        assert texts(rest(assistant, owner, "/start_pulse")) == opened

    closed = texts(rest(assistant, owner, "/close_pulse"))
    assert "Resultat af pulsmålingen (4 svar" in closed  # at the close: how many answered
    before = looks_at_the_closed_round(assistant, owner)
    means_before = {t.theme: t.mean for t in before["result"].themes if t.mean is not None}
    assert len(means_before) >= 5 and exact_means(closed) == means_before

    assert "Vil du have slettet alt om dig?" in texts(rest(assistant, victim, "/delete_my_data"))
    assert "Det er slettet" in texts(rest(assistant, victim, "/confirm_delete"))
    with session_scope(assistant.settings.db_url) as session:
        assert session.scalar(select(Member).where(Member.sender_id == f"rest:{victim}")) is None
    after = looks_at_the_closed_round(assistant, owner)
    if after["result"] != before["result"]:
        later = after["result"]
        means_after = {t.theme: t.mean for t in later.themes} if later else {}
        pytest.fail(
            "deleting the victim's data changed the closed round: 4·mean(before) − "
            f"3·mean(after) = {recovered(means_before, means_after, 4)}, the victim answered "
            f"{dict(zip(THEMES, victims, strict=True))}"
        )
    assert after == before


# 7. With the owner's approval on (the default): extra sessions add no respondent.


@pytest.fixture(scope="module")
def approving(tmp_path_factory):
    from tests.servers import start_assistant

    running = start_assistant(tmp_path_factory.mktemp("approving"), member_approval=True)
    yield running
    running.stop()


def respondents_of_open_round(db_url: str) -> int:
    with session_scope(db_url) as session:
        (current,) = session.scalars(select(PulseRound).where(PulseRound.closed_at.is_(None)))
        return pulse.respondents(session, current)


@pytest.mark.servers
def test_a_second_session_neither_joins_unseen_nor_counts_twice(approving):
    """The attack of issue 11: a member opens extra sessions with the team's code to become
    several respondents. An unapproved session sees and answers nothing; a device linked by a
    one-time code is the same person, whose answer it replaces."""
    from tests.servers import rest, texts

    owner, spy, extra, linked = "ap-leder", "ap-spion", "ap-spion-2", "ap-spion-3"
    rest(approving, owner, "/create_team")
    code = re.search(r"Jeres kode er (\S+)\.", texts(rest(approving, owner, "Lageret"))).group(1)
    rest(approving, spy, "/join_team")
    assert "godkendt" in texts(rest(approving, spy, code))
    assert "Pulsmålingen er åben" not in texts(rest(approving, spy, "/start_pulse"))
    waiting = texts(rest(approving, owner, "/members"))
    assert "Venter på din godkendelse" in waiting
    assert "Godkendt." in texts(rest(approving, owner, '/members{"member_action":"godkend_alle"}'))

    # The same person's second session, with the team's code: it waits like a stranger.
    rest(approving, extra, "/join_team")
    assert "godkendt" in texts(rest(approving, extra, code))
    assert "Pulsmålingen er åben" in texts(rest(approving, owner, "/start_pulse"))
    refused = texts(rest(approving, extra, "/answer_pulse")) + texts(rest(approving, extra, "3"))
    assert "Tak. Dine svar er gemt" not in refused
    # A forged approval by a member who is not the owner approves nobody.
    forged = texts(rest(approving, spy, '/members{"member_action":"godkend_alle"}'))
    assert "Kun den, der ejer teamet, kan godkende." in forged

    # A third device linked by the spy's one-time code is the spy: one respondent.
    link = re.search(
        r"kode til en ny enhed er (\d{4} \d{4})", texts(rest(approving, spy, "ny enhed"))
    )
    rest(approving, linked, "/join_team")
    assert "Denne enhed hører nu til dig" in texts(rest(approving, linked, link.group(1)))
    for session_id in (spy, linked):
        rest(approving, session_id, "/answer_pulse")
        for score in (1, 2, 3, 4, 5, 1, 2, 3, 4):
            reply = texts(rest(approving, session_id, str(score)))
        assert "Tak. Dine svar er gemt, så ingen i teamet kan se dem." in reply
    assert respondents_of_open_round(approving.settings.db_url) == 1
