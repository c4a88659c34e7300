"""Methods run with the team: the Fishbone round, the short experiment and the PRO review at
the follow-up; in plain Python and as the actions on hand-built trackers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.coach import checkin, facilitate, plan
from bot.coach.dates import danish_date
from bot.coach.teams import create_team
from tests.test_actions import reply, run, slot, slots_of, tracker

TODAY = date(2026, 12, 1)


# --- Plain Python -------------------------------------------------------------------------------


def test_several_causes_in_one_answer_are_split_and_tidied():
    assert facilitate.split_causes("travlhed; ingen plan\n- kunderne ringer hele tiden") == [
        "Travlhed",
        "Ingen plan",
        "Kunderne ringer hele tiden",
    ]
    # A comma inside one cause is Danish grammar, not a list.
    assert facilitate.split_causes("når det er travlt, glemmer vi pauserne") == [
        "Når det er travlt, glemmer vi pauserne"
    ]
    assert facilitate.split_causes("1) for få folk 2) gamle maskiner") == [
        "For få folk",
        "Gamle maskiner",
    ]
    assert facilitate.split_causes("1. for få folk\n2. gamle maskiner") == [
        "For få folk",
        "Gamle maskiner",
    ]
    assert facilitate.split_causes("mødet kl. 7. ligger skævt") == ["Mødet kl. 7. ligger skævt"]
    assert facilitate.read_causes("spring over").control == "skip"
    assert facilitate.read_causes("stop").control == "stop"
    assert facilitate.read_causes("ved ikke").control == "skip"


def test_the_picked_cause_is_read_by_button_number_or_words():
    causes = ["Opgaverne kommer sent", "Ingen fast plan", "Uklart hvem der prioriterer"]
    assert facilitate.read_pick("Ingen fast plan", causes).value == "Ingen fast plan"
    assert facilitate.read_pick("nummer to", causes).value == "Ingen fast plan"
    assert facilitate.read_pick("den sidste", causes).value == "Uklart hvem der prioriterer"
    assert facilitate.read_pick("den med prioriteringen", causes).value == causes[2]
    assert facilitate.read_pick("hmm", causes) is None
    long = "Vi får besked om de nye opgaver fra kontoret så sent, at ingen kan nå at planlægge"
    button = facilitate.cause_buttons([long])[0]
    assert len(button["title"]) <= 60 and button["payload"] == long
    assert facilitate.read_pick(button["title"], [long]).value == long


@pytest.mark.parametrize(
    ("typed", "days", "said"),
    [
        ("fire uger", 28, "fire uger"),
        ("to uger", 14, "to uger"),
        ("i 14 dage", 14, "to uger"),
        ("en uges tid", 7, "en uge"),
        ("Seks uger", 42, "seks uger"),
        ("ti dage", 10, "ti dage"),
    ],
)
def test_typed_durations_become_days(typed, days, said):
    reading = facilitate.read_duration(typed, TODAY)
    assert (reading.value, reading.sure) == (days, True)
    assert facilitate.duration_label(days) == said


def test_a_month_is_a_calendar_month_and_long_experiments_are_asked_back():
    month = facilitate.read_duration("en måned", TODAY).value
    assert TODAY + timedelta(days=month) == date(2027, 1, 1)
    assert facilitate.duration_label(month) == "en måned"
    assert facilitate.read_duration("til 1. marts", TODAY).value == 90
    assert facilitate.read_duration("fire måneder", TODAY).sure is False
    assert facilitate.read_duration("snart", TODAY) is None
    assert facilitate.read_duration("spring over", TODAY).control == "skip"


def test_the_experiment_fills_what_deadline_and_success():
    filled = facilitate.experiment_plan("Fast pause kl. 12", 28, "Alle har holdt pause", TODAY)
    assert filled == {
        "plan_what": "Fast pause kl. 12",
        "plan_deadline": "2026-12-29",
        "plan_success": "Alle har holdt pause",
        "plan_mode": "forsøg",
    }


def test_a_picked_cause_steers_the_first_action_proposal(loaded_db):
    from bot.coach.proposal import first_action
    from bot.kb import service as kb

    index = kb.get_index()
    plain = first_action(index, facilitate.FISHBONE, "arbejdsmaengde", None)
    steered = {
        first_action(index, facilitate.FISHBONE, "arbejdsmaengde", None, problem=cause)
        for cause in (
            "ingen fast pause, vi spiser ved maskinen",
            "det er uklart, hvem der fordeler opgaverne",
            "vi bliver afbrudt hele tiden af telefonen",
        )
    }
    assert plain and all(steered)
    assert len(steered | {plain}) >= 2  # the cause changes what the coach proposes


# --- The PRO review at the follow-up -----------------------------------------------------------


@pytest.fixture()
def team(session):
    team = create_team(session, "rest:anna", "Værkstedet")
    trial = plan.add_action(session, team, "Fast frokostpause i fire uger", "formanden",
                            date(2026, 12, 20), success="Alle holder pause", experiment=True)  # fmt: skip
    plain = plan.add_action(session, team, "Tavlemøde om mandagen", "mester", None)
    session.flush()
    return team, trial, plain


def answer_all(session, team, *answers):
    current = checkin.start(session, team)
    asked = []
    for text in answers:
        asked.append(checkin.question(team, current))
        assert checkin.answer(session, team, current, text, TODAY) is None, (text, asked[-1])
    return current, asked


def test_an_action_from_a_method_gets_a_pro_review_stored_with_the_checkin(session, team):
    team, trial, plain = team
    current, asked = answer_all(
        session, team,
        "I gang", "Fortsæt",
        "Vi holdt pausen de fleste dage", "Formanden mindede os om det", "Travlhed om fredagen",
        "Gennemført",
        "Mødet", "Spring over", "Vi siger til", "Nej, ikke nu",
    )  # fmt: skip
    texts = [q.text for q in asked]
    assert texts[2].startswith("Nr. 1 er et kort forsøg. Lad os se på den med PRO-modellen")
    assert texts[2].endswith("I ville se efter: Alle holder pause.")
    assert texts[2].splitlines()[1].startswith("Proces:")
    assert texts[3].startswith("Roller:") and texts[4].startswith("Omstændigheder:")
    assert asked[2].buttons == ["Spring over"]
    first, second = current.items
    assert first.pro == {
        "process": "Vi holdt pausen de fleste dage",
        "roles": "Formanden mindede os om det",
        "circumstances": "Travlhed om fredagen",
    }
    assert second.pro in ({}, None)  # not from a method: no PRO review
    # The other action still gets the general question, once.
    assert texts[6].startswith("Hvad har hjulpet jer?")
    assert (current.helped, current.hindered) == ("Mødet", "")
    assert current.finished_at is not None
    assert "PRO-gennemgangen af nr. 1 er gemt" in checkin.summary(team, current)


def test_when_every_action_that_moved_was_reviewed_helped_and_hindered_are_not_asked(session, team):
    team, trial, plain = team
    current, asked = answer_all(
        session, team,
        "Gennemført", "Spring over", "Spring over", "Vi havde travlt",
        "Ikke startet", "Fortsæt",
        "Vi siger til", "Nej, ikke nu",
    )  # fmt: skip
    texts = [q.text for q in asked]
    assert not any(t.startswith("Hvad har hjulpet") for t in texts)
    assert texts[6].startswith("Hvad kan I nu")
    assert current.items[0].pro == {"process": "", "roles": "", "circumstances": "Vi havde travlt"}
    assert current.finished_at is not None


def test_an_action_built_on_a_method_counts_as_from_a_method(session, team):
    team, trial, plain = team
    assert facilitate.from_method(trial) and not facilitate.from_method(plain)
    plain.kb_id = "fishbone_workshop"
    assert facilitate.from_method(plain)
    plain.kb_id, plain.facilitation = "tiltag_prioriter_ugens_opgaver", {}
    assert not facilitate.from_method(plain)


# --- The actions --------------------------------------------------------------------------------


def choose(kb_id: str):
    from actions.choose import ActionChooseIntervention

    return run(
        ActionChooseIntervention(),
        tracker(
            f'/choose_intervention{{"kb_id":"{kb_id}"}}',
            "choose_intervention",
            [{"entity": "kb_id", "value": kb_id}],
        ),
    )


def start_plan(slots):
    """The plan form's first call, as Rasa makes it when the form starts."""
    from actions.plan import ValidatePlanForm

    return run(ValidatePlanForm(), tracker("/make_plan", "make_plan", slots=slots))


def followups(events):
    return [e["name"] for e in events if e.get("event") == "followup"]


def saved_action(sender="rest:test"):
    from bot.coach import teams
    from bot.db.session import session_scope

    with session_scope() as session:
        team = teams.team_of(session, sender)
        action = team.plan[-1]
        return {
            "what": action.what,
            "deadline": action.deadline,
            "success": action.success,
            "experiment": action.experiment,
            "facilitation": dict(action.facilitation),
            "kb_id": action.kb_id,
        }


FIT_OK = {"fit_culture": "ja", "fit_core_task": "ja", "fit_timing": "ja", "fit_capacity": "ja"}


def test_fishbone_round_from_the_choice_to_the_plan(loaded_db):
    from actions.choose import ActionFitResult
    from actions.facilitate import (
        ActionAskFbPick,
        ActionAskFbProcess,
        ActionFishboneDone,
        ValidateFishboneForm,
    )
    from actions.plan import ActionAskPlanWhat, ActionSavePlanAction
    from bot.coach import service

    service.create_team("rest:test", "Tømrerne")
    _, events = choose("fishbone_workshop")
    assert slots_of(events)["facilitated_kb"] is None
    assert slots_of(events)["method_step"] == "fishbone"  # the rules hand the plan over
    chosen = {"chosen_kb": "fishbone_workshop", "theme": "arbejdsmaengde"}
    messages, _ = run(ActionFitResult(), tracker("Ja", "x", slots={**chosen, **FIT_OK}))
    assert any("Fishbone-runde her i samtalen" in m["text"] for m in messages)
    assert messages[-1]["buttons"][0] == {"title": "Kør Fishbone-runden", "payload": "/make_plan"}

    messages, events = start_plan(chosen)
    assert followups(events) == ["fishbone_form"]
    assert "Fishbone-runde" in messages[0]["text"] and "Spring over" in messages[0]["text"]

    messages, _ = run(ActionAskFbProcess(), tracker("x", "x", slots=chosen))
    assert messages[0]["text"].startswith("1/3 Arbejdsgange og processer: Hvad i jeres")
    assert "arbejdsmængde og tidspres" in messages[0]["text"]
    assert messages[0]["buttons"] == [{"title": "Spring over", "payload": "spring over"}]

    form = ValidateFishboneForm()
    messages, events = reply(
        form, "Opgaverne kommer ind i sidste øjeblik\nIngen fast planlægning", "fb_process", chosen
    )
    causes = {"fb_process": slots_of(events)["fb_process"]}
    assert causes["fb_process"] == [
        "Opgaverne kommer ind i sidste øjeblik",
        "Ingen fast planlægning",
    ]
    assert messages == []  # the team's words are not echoed back
    messages, _ = reply(form, "har du et forslag?", "fb_roles", {**chosen, **causes})
    assert "eksempler fra mig, ikke fra jer" in messages[0]["text"]
    _, events = reply(form, "spring over", "fb_roles", {**chosen, **causes})
    causes["fb_roles"] = slots_of(events)["fb_roles"]
    assert causes["fb_roles"] == []
    # A short cause sounds like a new problem to the intent model: here it is an answer.
    _, events = reply(
        form, "for få folk", "fb_circumstances", {**chosen, **causes}, intent="describe_problem"
    )
    assert slots_of(events)["fb_circumstances"] == ["For få folk"]
    _, events = reply(form, "Vi er ofte en mand for lidt", "fb_circumstances", {**chosen, **causes})
    causes["fb_circumstances"] = slots_of(events)["fb_circumstances"]
    assert slot(events, "requested_slot") == "fb_pick"

    messages, _ = run(ActionAskFbPick(), tracker("x", "x", slots={**chosen, **causes}))
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        "Opgaverne kommer ind i sidste øjeblik",
        "Ingen fast planlægning",
        "Vi er ofte en mand for lidt",
    ]
    messages, events = reply(form, "nummer to", "fb_pick", {**chosen, **causes})
    assert slots_of(events)["fb_pick"] == "Ingen fast planlægning"
    assert messages[0]["text"] == "Noteret: Ingen fast planlægning."
    assert slot(events, "requested_slot") is None

    done = {**chosen, **causes, "fb_pick": "Ingen fast planlægning"}
    messages, events = run(ActionFishboneDone(), tracker("x", "x", slots=done))
    assert messages[0]["text"].startswith("I har fundet tre årsager. Jeg gemmer dem alle")
    after = slots_of(events)
    assert after["method_cause"] == "Ingen fast planlægning"
    assert after["facilitated_kb"] == "fishbone_workshop"
    assert after["method_result"]["causes"]["circumstances"] == ["Vi er ofte en mand for lidt"]
    assert followups(events) == ["plan_form"] and after["method_step"] is None

    planning = {
        **chosen,
        **{k: after[k] for k in ("method_cause", "method_result", "facilitated_kb")},
    }
    _, events = start_plan(planning)
    assert followups(events) == [] and slot(events, "requested_slot") == "plan_what"
    messages, events = run(ActionAskPlanWhat(), tracker("x", "x", slots=planning))
    assert messages[0]["text"].startswith(
        "Hvad vil I konkret gøre? I vil gøre noget ved: Ingen fast planlægning. Mit forslag"
    )
    assert slot(events, "plan_proposal")

    plan_slots = {
        **planning, "plan_what": slot(events, "plan_proposal"), "plan_owner": "mester",
        "plan_deadline": "2027-01-15", "plan_success": "", "plan_involvement": "faelles_loesninger",
        "plan_circumstances": "",
    }  # fmt: skip
    _, events = run(ActionSavePlanAction(), tracker("x", "x", slots=plan_slots))
    assert slot(events, "method_result") is None and slot(events, "method_cause") is None
    kept = saved_action()
    assert kept["kb_id"] == "fishbone_workshop"
    assert kept["facilitation"]["method"] == "fishbone_workshop"
    assert kept["facilitation"]["cause"] == "Ingen fast planlægning"
    assert kept["facilitation"]["causes"]["process"][0] == "Opgaverne kommer ind i sidste øjeblik"
    from bot.coach import service

    shown = service.plan_text("rest:test")
    assert "Fishbone-runden fandt" in shown and "I valgte at gøre noget ved: Ingen fast" in shown

    # "Tilføj en handling mere": the round is not run again for the same choice.
    _, events = start_plan({**chosen, "facilitated_kb": "fishbone_workshop"})
    assert followups(events) == []


def test_fishbone_with_no_causes_skips_the_pick_and_stopping_leads_to_the_plan(loaded_db):
    from actions.facilitate import ActionFishboneDone, ValidateFishboneForm

    form = ValidateFishboneForm()
    chosen = {"chosen_kb": "fishbone_workshop", "fb_process": [], "fb_roles": []}
    _, events = reply(form, "spring over", "fb_circumstances", chosen)
    assert slot(events, "requested_slot") is None  # nothing to pick from
    messages, events = run(
        ActionFishboneDone(), tracker("x", "x", slots={**chosen, "fb_circumstances": []})
    )
    assert "ikke skrevet nogen årsager" in messages[0]["text"]
    assert slots_of(events)["method_cause"] is None and followups(events) == ["plan_form"]

    messages, events = reply(form, "stop", "fb_process", {"chosen_kb": "fishbone_workshop"})
    assert messages[0]["text"].startswith("Det er i orden, vi stopper Fishbone-runden her.")
    assert [b["payload"] for b in messages[0]["buttons"]][0] == "/make_plan"
    assert slots_of(events)["facilitated_kb"] == "fishbone_workshop"


def test_short_experiment_fills_the_plan_so_it_is_not_asked_again(loaded_db):
    from actions.choose import ActionFitResult
    from actions.facilitate import ActionAskExpWhat, ActionExperimentDone, ValidateExperimentForm
    from actions.plan import ActionSavePlanAction, ValidatePlanForm
    from bot.coach import service

    service.create_team("rest:test", "Lageret")
    chosen = {"chosen_kb": "korte_eksperimenter", "theme": "arbejdsmaengde"}
    messages, _ = run(ActionFitResult(), tracker("Ja", "x", slots={**chosen, **FIT_OK}))
    assert messages[-1]["buttons"][0] == {
        "title": "Læg forsøget til rette",
        "payload": "/make_plan",
    }
    assert [b["title"] for b in messages[-1]["buttons"]] == [
        "Læg forsøget til rette",
        "Andre forslag",
    ]

    messages, events = start_plan(chosen)
    assert followups(events) == ["experiment_form"]
    assert messages[0]["text"].startswith("Lad os lægge forsøget til rette sammen")

    messages, events = run(ActionAskExpWhat(), tracker("x", "x", slots=chosen))
    assert messages[0]["text"].startswith("1/3 Hvad vil I prøve af? Mit forslag: ")
    proposal = slot(events, "exp_proposal")
    assert proposal and messages[0]["buttons"][0]["payload"] == "brug forslaget"

    form = ValidateExperimentForm()
    # "Hvad foreslår du?" sounds like a request for suggestions: here it gets the proposal.
    messages, events = reply(
        form, "hvad foreslår du?", "exp_what", {**chosen, "exp_proposal": proposal},
        intent="ask_intervention",
    )  # fmt: skip
    assert (
        messages[0]["text"]
        == f"Mit forslag er: {proposal}\nI kan tage det, som det er, eller rette det."
    )
    assert slots_of(events)["exp_what"] is None
    _, events = reply(form, "brug forslaget", "exp_what", {**chosen, "exp_proposal": proposal})
    assert slots_of(events)["exp_what"] == proposal
    _, events = reply(form, "Fast frokostpause kl. 12 for alle", "exp_what", chosen)
    assert slots_of(events)["exp_what"] == "Fast frokostpause kl. 12 for alle"
    messages, events = reply(form, "lad os sige fire uger", "exp_days", chosen)
    assert slots_of(events)["exp_days"] == 28 and messages[0]["text"] == "Noteret: Fire uger."
    messages, events = reply(form, "Fire uger", "exp_days", chosen)  # the button: no echo
    assert slots_of(events)["exp_days"] == 28 and messages == []
    _, events = reply(form, "en måned", "exp_days", chosen)
    assert slots_of(events)["exp_days"] in (28, 29, 30, 31)
    messages, events = reply(form, "snart", "exp_days", chosen)
    assert slots_of(events)["exp_days"] is None and "fire uger" in messages[0]["text"]
    _, events = reply(form, "Alle har holdt pause hver dag", "exp_success", chosen)
    assert slots_of(events)["exp_success"] == "Alle har holdt pause hver dag"

    laid_out = {**chosen, "exp_what": "Fast frokostpause kl. 12 for alle", "exp_days": 28,
                "exp_success": "Alle har holdt pause hver dag"}  # fmt: skip
    messages, events = run(ActionExperimentDone(), tracker("x", "x", slots=laid_out))
    end = date.today() + timedelta(days=28)
    assert messages[0]["text"].splitlines()[:3] == [
        "Jeres forsøg: Fast frokostpause kl. 12 for alle",
        f"Det kører i fire uger, fra i dag til {danish_date(end)}.",
        "I ser efter: Alle har holdt pause hver dag",
    ]
    filled = slots_of(events)
    assert filled["plan_what"] == "Fast frokostpause kl. 12 for alle"
    assert filled["plan_deadline"] == end.isoformat()
    assert filled["plan_success"] == "Alle har holdt pause hver dag"
    assert filled["plan_mode"] == "forsøg" and followups(events) == ["plan_form"]

    # The plan form starts with what it knows: the next question is who owns it.
    planning = {**chosen, **{k: filled[k] for k in (
        "plan_what", "plan_deadline", "plan_success", "plan_mode", "method_result",
        "facilitated_kb")}}  # fmt: skip
    _, events = run(ValidatePlanForm(), tracker("x", "x", slots=planning))
    assert followups(events) == [] and slot(events, "requested_slot") == "plan_owner"

    saved = {**planning, "plan_owner": "lagerformanden", "plan_involvement": "faelles_loesninger",
             "plan_circumstances": ""}  # fmt: skip
    messages, _ = run(ActionSavePlanAction(), tracker("x", "x", slots=saved))
    assert messages[0]["text"].startswith(
        "Gemt: Fast frokostpause kl. 12 for alle. Ansvarlig: lagerformanden"
    )
    kept = saved_action()
    assert kept["experiment"] is True and kept["deadline"] == end
    assert kept["success"] == "Alle har holdt pause hver dag"
    assert kept["facilitation"]["method"] == "korte_eksperimenter"
    assert kept["facilitation"]["days"] == 28
    from bot.coach import service

    assert "Forsøget varer 4 uger, til " in service.plan_text("rest:test")


def test_concrete_measures_keep_the_plan_flow(loaded_db):
    from actions.choose import ActionFitResult

    chosen = {"chosen_kb": "tiltag_prioriter_ugens_opgaver", "theme": "arbejdsmaengde"}
    messages, _ = run(ActionFitResult(), tracker("Ja", "x", slots={**chosen, **FIT_OK}))
    assert messages[-1]["buttons"][0] == {"title": "Lav handlingsplan", "payload": "/make_plan"}
    assert not any("i samtalen" in m.get("text", "") for m in messages)
    _, events = start_plan(chosen)
    assert followups(events) == [] and slot(events, "requested_slot") == "plan_what"
    _, events = choose("tiltag_prioriter_ugens_opgaver")
    assert slots_of(events)["method_step"] is None


def test_the_facilitation_forms_are_in_the_domain():
    from tests.domain import DOMAIN

    assert DOMAIN["forms"]["fishbone_form"]["required_slots"] == list(facilitate.FISHBONE_SLOTS)
    assert DOMAIN["forms"]["experiment_form"]["required_slots"] == list(facilitate.EXPERIMENT_SLOTS)


@pytest.mark.parametrize(
    "typed, what",
    [
        ("vi vil prøve et kort forsøg med faste pauser", "faste pauser"),
        ("lad os lave et eksperiment med tavlemøder i fire uger", "tavlemøder i fire uger"),
        ("vi prøver det som et kort forsøg", ""),
        ("hvad er korte eksperimenter?", None),
        ("vi har lavet et forsøg med pauser og det gik godt", None),
        ("vi prøver at holde pause", None),
    ],
)
def test_a_wish_for_a_short_experiment_says_what_to_try(typed, what):
    assert facilitate.experiment_wish(typed) == what


def test_choosing_an_experiment_in_words_keeps_what_the_team_will_try(loaded_db):
    from actions.choose import ActionChooseIntervention
    from bot.coach import service

    service.create_team("rest:test", "Lageret")
    wish = tracker("vi vil prøve et kort forsøg med faste pauser", "choose_intervention",
                   [{"entity": "kb_id", "value": "korte_eksperimenter"}])  # fmt: skip
    _, events = run(ActionChooseIntervention(), wish)
    assert slot(events, "chosen_kb") == "korte_eksperimenter"
    assert slot(events, "method_step") == "experiment"
    assert slot(events, "exp_what") == "Faste pauser"
