"""Where help is for harassment, and whom a crisis message is about (bot/safety/routes.py),
without Rasa."""

from bot.safety.routes import about_someone_else, harassment_answer


def test_when_the_boss_does_it_the_routes_go_around_the_boss():
    answer = harassment_answer("chefen råber ad mig hver dag", "ja")
    assert answer.startswith("Det, du beskriver, er ikke i orden, og det er ikke din skyld.")
    assert "Når det er lederen selv" in answer
    assert "- jeres arbejdsmiljørepræsentant (AMR'en)" in answer
    assert "lederen, som har pligt" not in answer
    assert answer.endswith("Er nogen i akut fare, så ring 112.")


def test_a_customer_who_threatens_is_the_employers_duty_to_prevent():
    answer = harassment_answer("en kunde truede min kollega", None)
    assert "det er godt, at du siger det" in answer
    assert "- jeres arbejdsmiljørepræsentant, hvis I har en" in answer
    assert "- lederen, som har pligt til at gribe ind" in answer
    assert "anmeld vold og trusler som arbejdsulykke" in answer


def test_a_team_without_a_representative_is_sent_to_the_others():
    answer = harassment_answer("en kollega mobber mig", "nej")
    assert "I har ingen arbejdsmiljørepræsentant, så start hos en af disse:" in answer
    assert "arbejdsmiljørepræsentant (AMR" not in answer


def test_a_colleague_feared_for_is_someone_else_unless_the_writer_speaks_of_themselves():
    assert about_someone_else("min kollega sagde, hun vil tage sit liv. hvad gør jeg?")
    assert not about_someone_else("min kollega ved ikke, at jeg ikke vil leve mere")
    assert not about_someone_else("jeg vil ikke leve mere")
