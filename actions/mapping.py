"""Kortlægning: start it, note the problems the team names (several in one message), and the
mapping form that goes theme by theme (skippable, stoppable, and back to the previous theme)."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from actions.common import TEAM_BUTTONS, member_key, theme_button, user_text
from actions.forms import CLOSE, TypedForm, asks_about_entry
from bot.coach import duties, mapping, service
from bot.coach.reading import Reading
from bot.coach.reading.scales import read_rating
from bot.coach.reading.words import normalise
from bot.coach.themes import (
    ASKS_MEANING,
    THEME_LABELS,
    THEME_QUESTIONS,
    canonical,
    find_themes,
    label,
    meaning,
    sentence_around,
)
from bot.concurrency import in_thread

OFFER_SUGGESTIONS = "suggest"
OFFER_DROP = "drop:"  # + the theme: "Skal jeg fjerne ledelse fra listen?", which "ja" accepts
# + the listed themes, in their order: "Hvad vil I arbejde med først?", which "det første" or
# "nr. 2" answers.
OFFER_THEMES = "themes:"
# "forslag til anerkendelse", "vis forslag om det med for meget arbejde".
# Words that ask for a problem to leave the list: "fjern", "slet", "drop", "tag det af".
REMOVES = re.compile(
    r"\b(?:fjern\w*|slet\w*|drop\w*|streg\w*|tag\w* (?:\w+ )?(?:af|ud|væk)|glem (?:det|den)|"
    r"ikke (?:med|på listen)|ud af listen|væk fra listen|remove|delete)\b"
)
ASKED_FOR = re.compile(r"forslag (?:til|om|på|for|mod)\s+(.+)$", re.IGNORECASE)
MAX_WORDS = 400  # characters of the team's own words kept per problem
# A theme rated in so many words: "... er ikke et problem", "... fylder meget", "... er fint".
RATES_A_THEME = re.compile(
    r"\b(?:(?:er|var) (?:ikke|ik) (?:et|noget) problem|ikke (?:et|noget) problem|fylder "
    r"(?:ikke|ik|intet|lidt|meget|en del)|(?:er|går) (?:helt )?(?:fint|ok|okay|i orden)|"
    r"(?:er|fylder) (?:faktisk )?(?:rigtig )?(?:meget|lidt))\b"
)
RATING_BUTTONS = [{"title": t, "payload": t} for t in mapping.RATINGS.values()] + [
    {"title": "Spring over", "payload": "spring over"},
    {"title": "Stop kortlægningen", "payload": "stop"},
]


def theme_buttons(intent: str = "describe_problem") -> list[dict[str, str]]:
    return [theme_button(key, label(key).capitalize(), intent) for key in THEME_LABELS]


def named_themes(tracker: Tracker) -> list[str]:
    """The themes of the latest message, in the order named (a theme button sends one)."""
    entities = (tracker.latest_message or {}).get("entities") or []
    found = [canonical(e.get("value")) for e in entities if e.get("entity") == "theme"]
    return list(dict.fromkeys(t for t in found if t))


def theme_words(tracker: Tracker, text: str) -> dict[str, str]:
    """{theme: the clause of the message that names it}, from the entities' spans."""
    spans = {}
    for e in (tracker.latest_message or {}).get("entities") or []:
        theme = canonical(e.get("value")) if e.get("entity") == "theme" else None
        if theme and theme not in spans and text:
            spans[theme] = (int(e.get("start") or 0), int(e.get("end") or len(text)))
    if not spans and text:
        spans = {h.theme: (h.start, h.end) for h in find_themes(text)}
    if len(spans) == 1:  # one problem: all of what they wrote
        return {theme: " ".join(text.split())[:MAX_WORDS] for theme in spans}
    # Each problem in its sentence; two in one sentence, each in its clause.
    sentences = {t: sentence_around(text, a, b) for t, (a, b) in spans.items()}
    shared = {t for t in sentences if list(sentences.values()).count(sentences[t]) > 1}
    return {
        t: (text[a:b].strip() if t in shared else sentences[t])[:MAX_WORDS] or text
        for t, (a, b) in spans.items()
    }


def current_theme(tracker: Tracker) -> str | None:
    """The theme the message is about: the one asked for ("ok skip konflikter, forslag til
    anerkendelse i stedet"), else the first named, else the one the talk was about."""
    themes = named_themes(tracker)
    asked = ASKED_FOR.search(user_text(tracker))
    wanted = [h.theme for h in find_themes(asked.group(1))] if asked else []
    return (
        next(iter(wanted), None)
        or (themes[0] if themes else None)
        or canonical(tracker.get_slot("theme"))
    )


def position(tracker: Tracker) -> int:
    return int(tracker.get_slot("map_index") or 0)


class ActionStartMapping(Action):
    def name(self) -> str:
        return "action_start_mapping"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_mapping_start", buttons=theme_buttons())
        return [SlotSet("offer", None)]


class ActionNoteProblem(Action):
    """ "Vi har alt for travlt, og ingen ved hvem der bestemmer": two problems, each its theme."""

    def name(self) -> str:
        return "action_note_problem"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        text = user_text(tracker)
        hits = theme_words(tracker, text)
        themes = named_themes(tracker) or list(hits)
        if not themes:
            if not text or mapping.wants_own_words(text):  # "Med egne ord" pressed or typed
                dispatcher.utter_message(response="utter_mapping_own_words")
                return []
            dispatcher.utter_message(response="utter_mapping_which_theme", buttons=theme_buttons())
            return []
        for theme in themes:
            words = hits.get(theme, text)
            await in_thread(service.record_problem, member_key(tracker), theme, words)
        named = list(dict.fromkeys([*(tracker.get_slot("themes_named") or []), *themes]))
        listed, name = "", label(themes[0])
        if not text:  # a theme button: the theme and its question
            offer, name = "utter_mapping_offer_theme", name.capitalize()
        elif len(themes) == 1:
            offer = "utter_mapping_offer_one"
        else:
            offer = "utter_mapping_offer_many"
            listed = " og ".join([", ".join(label(t) for t in themes[:-1]), label(themes[-1])])
        buttons = [{"title": "Ja, vis forslag", "payload": "/affirm"}]
        if len(themes) > 1:
            buttons = [
                theme_button(t, f"Forslag: {label(t)}") for t in themes[:3]
            ]  # fmt: skip
        buttons.append({"title": "Nej, ikke nu", "payload": "/deny"})
        dispatcher.utter_message(
            response=offer,
            theme_name=name,
            question=THEME_QUESTIONS[themes[0]],
            count=len(themes),
            themes=listed,
            buttons=buttons,
        )
        return [
            SlotSet("theme", themes[0]),
            SlotSet("themes_named", named),
            SlotSet("offer", OFFER_SUGGESTIONS),
        ]


class ActionDropProblem(Action):
    """ "fjern følelsesmæssige krav", "slet det punkt": the named problem, or the one just
    noted, leaves the list (not one the team has chosen or planned for)."""

    def name(self) -> str:
        return "action_drop_problem"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        problems = await in_thread(service.problem_list, member_key(tracker))
        listed = [theme for theme, _ in problems]
        named = next(iter(named_themes(tracker)), None)
        theme = named or canonical(tracker.get_slot("theme"))
        if named and named not in listed:
            dispatcher.utter_message(
                response="utter_mapping_not_listed", theme_name=label(named).capitalize()
            )
            return []
        if theme not in listed:
            if not listed:
                dispatcher.utter_message(response="utter_mapping_list_empty")
                return []
            dispatcher.utter_message(
                response="utter_mapping_which_to_drop",
                buttons=[
                    theme_button(t, label(t).capitalize(), "drop_problem") for t in listed[:6]
                ],
            )
            return []
        text = user_text(tracker)
        if text and not REMOVES.search(text.lower()):
            # "du har glemt hasteopgaverne": no word of removal, so nothing removed unasked.
            dispatcher.utter_message(
                response="utter_mapping_drop_confirm",
                theme_name=label(theme),
                buttons=[
                    theme_button(theme, f"Ja, fjern {label(theme)}", "drop_problem"),
                    {"title": "Nej, behold det", "payload": "/deny"},
                ],
            )
            return [SlotSet("offer", OFFER_DROP + theme)]
        return await drop_problem(dispatcher, tracker, theme)


async def drop_problem(dispatcher, tracker: Tracker, theme: str) -> list[dict[str, Any]]:
    """The problem leaves the list, unless the team has chosen a measure for it."""
    events = [SlotSet("offer", None)]
    if not await in_thread(service.drop_problem, member_key(tracker), theme):
        dispatcher.utter_message(
            response="utter_mapping_kept_chosen", theme_name=label(theme).capitalize()
        )
        return events
    dispatcher.utter_message(response="utter_mapping_dropped", theme_name=label(theme))
    if theme == canonical(tracker.get_slot("theme")):
        events.append(SlotSet("theme", None))
    return events


# The map_absence slot of a mapping that was stopped: the question is not asked, nothing kept.
NOT_ASKED = "ikke_spurgt"


class ValidateMappingForm(TypedForm):
    """Theme by theme, then the APV's sickness-absence question for the team as a whole."""

    questions = {"map_rating": "map_rating", "map_words": "map_words", "map_absence": "map_absence"}
    stop_response = None  # action_mapping_done shows what was mapped
    acknowledge = False

    def name(self) -> str:
        return "validate_mapping_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        if await in_thread(service.current_step, member_key(tracker)) is None:
            return []  # action_mapping_done explains that a team is needed
        if position(tracker) >= len(mapping.THEMES):
            # The themes are done: whether sickness absence points to the work environment.
            return await super().required_slots(["map_absence"], dispatcher, tracker, domain)
        slots = ["map_rating"]
        if tracker.get_slot("map_rating") in mapping.IMPORTANCE:
            slots.append("map_words")
        return await super().required_slots(slots, dispatcher, tracker, domain)

    async def understand(self, dispatcher, tracker: Tracker, domain) -> list | None:
        text = user_text(tracker)
        if text and ASKS_MEANING.search(text.lower()) and position(tracker) < len(mapping.THEMES):
            named = [h.theme for h in find_themes(text)]
            if not named and asks_about_entry(text, tracker):
                # "hvad er en apv?": a question about the knowledge base, answered as such
                return await super().understand(dispatcher, tracker, domain)
            dispatcher.utter_message(
                text=meaning(named[0] if named else mapping.THEMES[position(tracker)])
            )
            return [SlotSet(tracker.get_slot("requested_slot"), None)]
        fixed = await self.rate_earlier_theme(dispatcher, tracker) or await self.rerated(
            dispatcher, tracker
        )
        return fixed if fixed is not None else await super().understand(dispatcher, tracker, domain)

    async def rate_earlier_theme(self, dispatcher, tracker: Tracker) -> list | None:
        """ "gå tilbage, følelsesmæssige krav er ikke et problem": a theme already passed,
        named with a new rating, gets it; the current question is asked again."""
        text, here = user_text(tracker), position(tracker)
        themes = list(dict.fromkeys(h.theme for h in find_themes(text))) if text else []
        if len(themes) != 1 or themes[0] not in mapping.THEMES[:here]:
            return None
        rating = read_rating(text) if RATES_A_THEME.search(normalise(text)) else None
        if rating is None:
            return None
        theme, key = themes[0], member_key(tracker)
        if rating.value == "ikke":
            await in_thread(service.drop_problem, key, theme)
            said = "utter_mapping_corrected_not_a_problem"
        else:
            earlier = dict(await in_thread(service.problem_list, key)).get(theme) or ""
            importance = mapping.IMPORTANCE[rating.value]
            await in_thread(service.record_problem, key, theme, earlier, importance, True)
            said = "utter_mapping_corrected_rating"
        dispatcher.utter_message(
            response=said, theme_name=label(theme).capitalize(), rating=rating.value
        )
        return [SlotSet(tracker.get_slot("requested_slot"), None)]

    async def leave(self, dispatcher, tracker) -> list[dict[str, Any]]:
        """Stepping aside mid-way: "gå tema for tema" later goes on from this theme."""
        return [SlotSet("map_rating", None), SlotSet("map_words", None)] + CLOSE

    async def stopped(self, dispatcher, tracker) -> list[dict[str, Any]]:
        return [
            SlotSet("map_index", float(len(mapping.THEMES))),
            SlotSet("map_rating", None),
            SlotSet("map_absence", tracker.get_slot("map_absence") or NOT_ASKED),
        ]

    def skipped_value(self, slot: str) -> Any:
        if slot == "map_absence":
            return NOT_ASKED
        return mapping.SKIP if slot == "map_rating" else ""

    def button_title(self, slot: str, value: Any) -> str | None:
        return duties.ABSENCE.get(value) if slot == "map_absence" else None

    async def previous(self, slot, tracker, domain) -> list[dict[str, Any]] | None:
        """Back from the words to the rating of the same theme, or to the previous theme."""
        if slot == "map_words":
            return [SlotSet("map_rating", None)]
        if position(tracker) == 0:
            return None
        return [SlotSet("map_index", float(position(tracker) - 1)), SlotSet("map_rating", None)]

    async def accept(self, slot, value, dispatcher, tracker) -> list[dict[str, Any]]:
        if slot == "map_absence":
            if value in duties.ABSENCE:  # a team's judgement: no text, no names are kept
                await in_thread(service.record_sickness_absence, member_key(tracker), value)
                dispatcher.utter_message(text=duties.absence_reply(value))
            return [SlotSet("map_absence", value)]
        theme = mapping.THEMES[position(tracker)]
        following = float(position(tracker) + 1)
        if slot == "map_rating" and value not in mapping.IMPORTANCE:
            if value == "ikke":  # not a problem (now): an earlier rating no longer stands
                await in_thread(service.drop_problem, member_key(tracker), theme)
            return [SlotSet("map_rating", None), SlotSet("map_index", following)]
        if slot == "map_rating":
            # "meget. de to ejere siger forskellige ting": the words come with the rating; or
            # the team described this theme earlier in its own words: keep those.
            said = mapping.words_after_rating(user_text(tracker))
            earlier = dict(await in_thread(service.problem_list, member_key(tracker)))
            words = said or earlier.get(theme)
            if not words:
                return [SlotSet("map_rating", value)]
            await in_thread(
                service.record_problem,
                member_key(tracker),
                theme,
                words,
                mapping.IMPORTANCE[value],
                True,
            )
            rated = mapping.RATINGS[value].lower()
            if said:
                dispatcher.utter_message(
                    response="utter_mapping_noted_with_words",
                    rating=rated,
                    words=f"{said[:1].upper()}{said[1:]}",
                )
            else:
                dispatcher.utter_message(
                    response="utter_mapping_noted_with_earlier_words", rating=rated, words=words
                )
            return [SlotSet("map_rating", None), SlotSet("map_index", following)]
        importance = mapping.IMPORTANCE[tracker.get_slot("map_rating")]
        await in_thread(service.record_problem, member_key(tracker), theme, value, importance, True)
        return [
            SlotSet("map_rating", None),
            SlotSet("map_words", None),
            SlotSet("map_index", following),
        ]

    async def read_reply(self, slot, text, tracker) -> Reading | None:
        reading = await super().read_reply(slot, text, tracker)
        if slot == "map_words" and reading is not None and not reading.control:
            words = mapping.words_after_rating(text) or " ".join(str(reading.value).split())
            return Reading(words)
        return reading

    async def rerated(self, dispatcher, tracker: Tracker) -> list | None:
        """ "ikke et problem" or "lidt" where the coach asked for words: a new rating for the
        theme, not its description."""
        text = user_text(tracker)
        # "der er ingen, det var det jeg sagde": the first clause is the rating.
        first = re.split(r"[,.;:!?]", text, maxsplit=1)[0]
        if tracker.get_slot("requested_slot") != "map_words" or len(first.split()) > 4:
            return None
        text = first if read_rating(first) and read_rating(first).value == "ikke" else text
        if len(text.split()) > 4:
            return None
        rating = read_rating(text)
        if rating is None or mapping.words_after_rating(text):
            return None
        following = [SlotSet("map_index", float(position(tracker) + 1))]
        if rating.value == "ikke":
            dispatcher.utter_message(response="utter_mapping_noted_not_a_problem")
            return [SlotSet("map_rating", None), SlotSet("map_words", None)] + following
        return [SlotSet("map_rating", rating.value), SlotSet("map_words", None)]


class ActionAskMapRating(Action):
    def name(self) -> str:
        return "action_ask_map_rating"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=mapping.question(position(tracker)), buttons=RATING_BUTTONS)
        return []


class ActionStartAbsence(Action):
    """The APV's sickness-absence question on its own, for a team that mapped by the pulse:
    the mapping form past its nine themes asks only that."""

    def name(self) -> str:
        return "action_start_absence"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        return [
            SlotSet("map_index", float(len(mapping.THEMES))),
            SlotSet("map_rating", None),
            SlotSet("map_absence", None),
        ]


class ActionMappingDone(Action):
    def name(self) -> str:
        return "action_mapping_done"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        reset = [
            SlotSet("map_index", None),
            SlotSet("map_rating", None),
            SlotSet("map_absence", None),
        ]
        if await in_thread(service.current_step, member_key(tracker)) is None:
            dispatcher.utter_message(response="utter_mapping_no_team", buttons=TEAM_BUTTONS)
            return reset
        problems = await in_thread(service.problem_list, member_key(tracker))
        if not problems:
            dispatcher.utter_message(response="utter_mapping_nothing_found")
            return reset
        listed = [
            f"{i}. {label(theme).capitalize()}{': ' + words if words else ''}"
            for i, (theme, words) in enumerate(problems, 1)
        ]
        themes = list(dict.fromkeys(theme for theme, _ in problems))[:4]
        dispatcher.utter_message(
            response="utter_mapping_summary",
            problems="\n".join(listed),
            apv=duties.APV_SENTENCE,
            buttons=[theme_button(t, label(t).capitalize()) for t in themes],
        )
        # "hvad foreslår du?" now means the most important, not the theme asked about last.
        listed_themes = ",".join(theme for theme, _ in problems)
        return reset + [SlotSet("theme", themes[0]), SlotSet("offer", OFFER_THEMES + listed_themes)]


def theme_picked(tracker: Tracker) -> str | None:
    """The theme "det første", "nr. 2" or "den sidste" picks from the list just summed up."""
    from actions.navigation import offer_just_made
    from bot.coach.reading.choice import Option, read_choice

    offer = offer_just_made(tracker) or ""
    if not offer.startswith(OFFER_THEMES):
        return None
    listed = offer.removeprefix(OFFER_THEMES).split(",")
    options = [Option(f"{i}:{t}", label(t), (t,)) for i, t in enumerate(listed)]
    reading = read_choice(user_text(tracker), options)
    return reading.value.split(":", 1)[1] if reading is not None and reading.sure else None
