"""A sample team's trend chart and APV export (HTML and PDF): `make sample` writes them to
var/sample/.

A made-up team ("Værkstedet", 7 people) maps its problems, chooses an intervention, makes a
plan, measures three times and checks in twice, all through the same functions the
assistant uses, on a fresh SQLite database in a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

THREE_ROUNDS = {  # scores of seven people per round, for two themes of the plan
    "arbejdsmaengde": [(2, 2, 3, 1, 2, 3, 2), (3, 2, 3, 3, 2, 4, 3), (4, 3, 4, 3, 4, 4, 3)],
    "samarbejde": [(3, 3, 2, 3, 4, 3, 3), (3, 4, 3, 3, 4, 3, 4), (4, 4, 3, 4, 4, 4, 4)],
}


def build(out: Path) -> None:
    from bot.cli import load_knowledge
    from bot.coach import checkin, export, plan, pulse, teams, trend
    from bot.config import load_settings
    from bot.db.models import utcnow
    from bot.db.session import session_scope

    settings = load_settings()
    load_knowledge(settings)
    today = date.today()
    with session_scope(settings.db_url) as session:
        team = teams.create_team(session, "rest:mester", "Værkstedet")
        teams.set_context(team, "size", "1-9")
        problem = teams.add_problem(
            session, team, "arbejdsmaengde", "alt for travlt op til jul", 3, "dialog"
        )
        problem.chosen_kb_id = "korte_eksperimenter"
        teams.add_problem(session, team, "samarbejde", "vi taler forbi hinanden", 2, "dialog")
        plan.add_action(session, team, "Fast frokostpause kl. 12", "formanden",
                        today + timedelta(weeks=4), "Alle holder pause hver dag",
                        "faelles_loesninger", {"circumstances": "Travlhed i december"},
                        kb_id="korte_eksperimenter", problem_id=problem.id, experiment=True)  # fmt: skip
        plan.add_action(
            session, team, "Tavlemøde om mandagen", "mester", None, "Alle ved, hvem gør hvad"
        )
        for week, _ in enumerate(THREE_ROUNDS["arbejdsmaengde"]):
            round_ = pulse.open_round(session, team)
            for theme, rounds in THREE_ROUNDS.items():
                for person, score in enumerate(rounds[week]):
                    pulse.answer(session, round_, b"sample", f"p{person}", theme, score)
            pulse.close_round(session, round_)
            round_.closed_at = utcnow() - timedelta(weeks=6 - 3 * week)
        for answers in (
            # Nr. 1 is a short experiment: after its status and decision come the three
            # PRO questions (process, roles, circumstances).
            ["I gang", "Fortsæt", "Faste tider hjalp", "Formanden siger til kl. 12",
             "Travlhed", "Ikke startet", "Ny frist", "om tre uger",
             "Vi siger til, når det brænder på", "Nej, ikke nu"],
            ["Gennemført", "Pausen holder", "Alle passer den selv", "Intet særligt", "I gang",
             "Fortsæt", "Vi hjælper hinanden", "Fravær", "Vi kan flytte en opgave uden at spørge",
             "Nej, ikke nu"],
        ):  # fmt: skip
            current = checkin.start(session, team)
            for text in answers:
                problem_text = checkin.answer(session, team, current, text, today)
                assert problem_text is None, (text, problem_text)
        png, words = trend.trend_chart(session, team, settings.pulse_min_answers)
        (out / "trend.png").write_bytes(png)
        (out / "udvikling.txt").write_text(words + "\n", encoding="utf-8")
        html = export.plan_document(session, team, today, settings.pulse_min_answers)
    (out / "handlingsplan.html").write_text(html, encoding="utf-8")
    (out / "handlingsplan.pdf").write_bytes(export.html_to_pdf(html))


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        os.environ["TRIVSEL_DATA_DIR"] = data
        os.environ["TRIVSEL_DB_URL"] = f"sqlite:///{data}/sample.db"
        build(out)
    written = ["trend.png", "udvikling.txt", "handlingsplan.html", "handlingsplan.pdf"]
    print("Skrevet: " + ", ".join(str(out / name) for name in written))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/sample")))
