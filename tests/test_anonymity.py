"""Randomised anonymity properties of the pulse (DESIGN.md section 4), over many seeds.

- no aggregate below max(3, min_answers): not in pulse.result, the trend or the APV export;
- no differencing: results only for closed rounds, a closed round takes no more answers, so
  every look at a round (close, result, trend, export) shows the same aggregate; a new round
  gets respondent keys that cannot be linked to the old ones; no sender id is stored;
- the configured threshold is never below 3;
- one person counts once, results carry no per-person value, the pulse stores no free text.

Plain `random.Random(seed)` so a failing seed can be replayed; no hypothesis.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
import re
import statistics
import threading
from datetime import date
from html.parser import HTMLParser

import pytest
from sqlalchemy import inspect, select, text

from bot.coach import export, pulse, service, trend
from bot.coach.teams import create_team
from bot.coach.themes import THEME_LABELS, label
from bot.config import load_settings
from bot.db.models import PulseAnswer, PulseRound, Team
from bot.db.session import get_engine, session_scope

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
    shown: dict[str, tuple[int, float, float]]  # theme -> (answers, mean, spread)
    withheld: set[str]


def expected(truth: Truth, min_answers: int) -> Expected | None:
    """What pulse.result may show for these answers, computed independently."""
    t = threshold(min_answers)
    people = respondents_of(truth)
    if people < t:
        return None
    shown, withheld = {}, set()
    for theme, answers in truth.items():
        scores = list(answers.values())
        if len(scores) >= t:
            shown[theme] = (
                len(scores),
                round(statistics.fmean(scores), 1),
                round(statistics.pstdev(scores), 1),
            )
        elif scores:
            withheld.add(theme)
    return Expected(people, shown, withheld)


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
        assert (item.answers, item.mean, item.spread) == want.shown[item.theme]
    assert {item.theme for item in result.themes} == set(want.shown)
    assert len(result.themes) == len(want.shown)  # each theme once
    # Withheld themes are names only: no count, mean or spread travels with them.
    assert all(type(theme) is str for theme in result.withheld)
    assert set(result.withheld) == want.withheld
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
            assert int(answers) >= t, f"{name}: {answers} answers shown, threshold {t}"
            assert (int(answers), decimal_number(mean), decimal_number(spread)) == want.shown[theme]
            seen.add(theme)
        assert seen == set(want.shown)
    withheld_notes = [p for p in section.paragraphs if p.startswith("Vises ikke")]
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
            if theme in want.shown:
                answers, mean, _spread = want.shown[theme]
                points.append((theme, mean, answers))
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
    pulse.close_round(session, round_)
    assert pulse.respondents(session, round_) == respondents_of(truth) <= 2
    for min_answers in range(-2, 7):
        assert pulse.result(session, round_, min_answers) is None
    assert trend.trend_points(session, team, 0) == []
    counts = session.execute(
        select(PulseAnswer.theme, PulseAnswer.respondent).where(PulseAnswer.round_id == round_.id)
    ).all()
    assert len(counts) == len(set(counts)) == sum(len(a) for a in truth.values())


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
    assert service.open_pulse(leader) == 0
    for person in people:
        for theme in rng.sample(THEMES, rng.randint(1, 4)):
            assert service.answer_pulse(person, theme, rng.randint(1, 5))
    shown, _added = service.close_pulse(leader)

    with session_scope(app_db) as session:
        (first,) = session.execute(select(PulseRound)).scalars()
        result_at_close = pulse.result(session, first, load_settings().pulse_min_answers)
        first_keys = set(
            session.execute(
                select(PulseAnswer.respondent).where(PulseAnswer.round_id == first.id)
            ).scalars()
        )

    for person in rng.sample(people, len(people)):  # late answers go nowhere
        assert service.answer_pulse(person, rng.choice(THEMES), rng.randint(1, 5)) is False
    assert service.close_pulse(leader) is None  # nothing open: no second result for the round

    assert service.open_pulse(leader) == 0  # a new round, empty
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
        for table in ("pulse_answers", "pulse_rounds"):
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
    message, added = service.close_pulse(leader)
    want = expected(truth, raw)

    theme_lines = [line for line in message.splitlines() if line.startswith("- ")]
    if want is None:
        assert not theme_lines and not added
        assert not re.search(r"\d\.\d", message), "a mean in the 'too few' message"
        assert f"mindst {t} har svaret" in message
    else:
        assert message.startswith(f"Resultat af pulsmålingen ({want.respondents} svar")
        by_label = {label(theme).capitalize(): theme for theme in THEMES}
        shown = {}
        for line in theme_lines:
            name, rest = line[2:].split(": ", 1)
            mean, spread = re.fullmatch(r"(\d\.\d) \(spredning (\d\.\d)\)", rest).groups()
            shown[by_label[name]] = (float(mean), float(spread))
        assert shown == {theme: v[1:] for theme, v in want.shown.items()}
        assert set(added) <= set(want.shown)

    has_points, words = followup_service.trend_text(leader)
    assert has_points == bool(want and want.shown)
    if has_points:
        titles = {line.split(":", 1)[0] for line in words.splitlines()}
        assert titles <= {trend.theme_title(theme) for theme in want.shown}

    _filename, document = followup_service.export_document(leader, TODAY)
    check_export(document, truth, raw)


# 4. The rest of DESIGN.md section 4 that pulse.py claims.


def test_nothing_returned_carries_a_per_person_value():
    fields = {
        f.name for cls in (pulse.RoundResult, pulse.ThemeResult) for f in dataclasses.fields(cls)
    }
    fields |= {f.name for f in dataclasses.fields(trend.TrendPoint)}
    assert fields == {
        "round_id", "respondents", "themes", "withheld", "theme", "answers", "mean", "spread",
        "when",
    }  # fmt: skip


def test_the_pulse_tables_hold_no_free_text_time_or_sender(session):
    """Answers are a keyed hash, a theme and a score: no free text to attribute, no sender,
    and no per-answer timestamp that could tie an answer to who was online when."""
    columns = {
        table: {c["name"] for c in inspect(session.get_bind()).get_columns(table)}
        for table in ("pulse_answers", "pulse_rounds")
    }
    assert columns == {
        "pulse_answers": {"id", "round_id", "respondent", "theme", "score"},
        "pulse_rounds": {"id", "team_id", "opened_at", "closed_at"},
    }


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
    for person, score in (("rest:a", 1), ("rest:b", 2), ("rest:c", 3)):
        assert service.answer_pulse(person, "ledelse", score)

    main = threading.current_thread()
    closing: dict[str, object] = {}
    real_current_round = pulse.current_round

    def close_meanwhile():
        try:
            closing["outcome"] = service.close_pulse(leader)
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
    message, _added = closing["outcome"]
    assert message.startswith("Resultat af pulsmålingen (3 svar")  # a, b, c: mean 2.0
    with session_scope(app_db) as session:
        (round_,) = session.execute(select(PulseRound)).scalars()
        later = pulse.result(session, round_, 3)
        (point,) = trend.trend_points(session, session.get(Team, round_.team_id), 3)
    # Today: accepted is True, later has 4 respondents and mean 2.8, so d's score is
    # 4 * 2.8 - 3 * 2.0 = 5 (exact: sums of whole scores, fewer than 10 answers).
    assert later.respondents == 3 and point.answers == 3, (
        f"late answer accepted={accepted}: close showed 3 answers, later {point.answers} "
        f"(mean {point.mean}); differencing gives d's score"
    )
