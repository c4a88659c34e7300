"""Crisis and harassment: they interrupt every step, close any open form, and say where help is.

The crisis answer names 112, Livslinien and the person's own doctor, with the out-of-hours
doctor as it is in Denmark: lægevagten, which in the Capital Region is 1813.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet

from actions.common import member_key, read_more_button, theme_button, user_text
from bot.coach import service
from bot.coach.themes import find_themes, label
from bot.concurrency import in_thread
from bot.safety import harassment
from bot.safety.crisis import is_crisis

CLOSE_FORM = [ActiveLoop(None), SlotSet("requested_slot", None)]


# A colleague the writer fears for, and no word of the writer's own: "min kollega sagde, hun
# har tænkt på at gøre en ende på det. hvad gør jeg?".
ABOUT_SOMEONE = re.compile(
    r"\b(?:(?:min|en|vores) (?:kollega|kollegaer|kolleger|medarbejder|ansat|lærling|svend|elev|"
    r"mand|makker|ven|veninde)\w*|en af (?:drengene|pigerne|mine|vores|de ansatte|folkene))\b",
    re.IGNORECASE,
)
# The writer's own words around it that are not about the writer ("hvad gør jeg?").
HELPER_SAYS = re.compile(
    r"\b(?:hvad (?:gør|skal|kan|bør) jeg(?: gøre)?|hvordan (?:hjælper|griber) jeg|jeg er (?:bange|"
    r"bekymret|nervøs) for|jeg tror|jeg ved ikke|jeg frygter|jeg har hørt)\b",
    re.IGNORECASE,
)


def about_someone_else(text: str) -> bool:
    return bool(ABOUT_SOMEONE.search(text)) and not re.search(
        r"\b(?:jeg|mig)\b", HELPER_SAYS.sub(" ", text), re.IGNORECASE
    )


class ActionCrisis(Action):
    def name(self) -> str:
        return "action_crisis"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if about_someone_else(user_text(tracker)):
            dispatcher.utter_message(response="utter_safety_crisis_someone")
            dispatcher.utter_message(response="utter_safety_crisis_continue_later")
            return list(CLOSE_FORM)
        dispatcher.utter_message(response="utter_safety_crisis")
        # What the message also said about work is not lost: it waits until they are ready.
        work = [h for h in find_themes(user_text(tracker)) if not is_crisis(h.words)]
        if work:
            dispatcher.utter_message(
                response="utter_safety_crisis_work_waits",
                topic=label(work[0].theme),
                words=work[0].words,
                buttons=[
                    theme_button(work[0].theme, "Fortsæt med det", "ask_intervention"),
                    {"title": "Ikke nu", "payload": "/deny"},
                ],
            )
            return [*CLOSE_FORM, SlotSet("theme", work[0].theme)]
        dispatcher.utter_message(response="utter_safety_crisis_continue_later")
        return list(CLOSE_FORM)


# Who does it: the boss ("chefen råber ad os"), and whether the writer speaks of a colleague.
BY_THE_BOSS = re.compile(
    r"\b(?:chef(?:en)?|mester|ejer(?:en)?|direktør(?:en)?|leder(?:en)?|indehaver(?:en)?|"
    r"formand(?:en)?|min (?:chef|leder|mester|arbejdsgiver)|vores (?:chef|leder|mester|ejer))\b",
    re.IGNORECASE,
)
# The writer is the one it happens to ("de råber ad mig", "jeg bliver chikaneret"), not only
# the one who tells ("jeg har en kollega, der bliver mobbet").
ABOUT_ME = re.compile(
    r"\b(?:mig|mit|min krop|jeg (?:bliver|blev|er blevet|føler mig|har været udsat))\b",
    re.IGNORECASE,
)
# Someone from outside: a customer, a citizen, a patient, a relative.
BY_OUTSIDERS = re.compile(
    r"\b(?:kunde(?:n|r|rne)?|borger(?:en|e|ne)?|patient(?:en|er|erne)?|pårørende|beboer(?:en|e|ne)?|"
    r"klient(?:en|er|erne)?|gæst(?:en|er|erne)?|forældre(?:ne)?|passager(?:en|er|erne)?|"
    r"(?:en|et|vores) (?:bruger|elev))\b",
    re.IGNORECASE,
)


class ActionHarassment(Action):
    """Mobbing, harassment, violence: said to be wrong, then where help and responsibility
    are, never a team exercise. The representative comes first where the team has one; when
    it is the boss who does it, the routes are the union and Arbejdstilsynet, not the boss."""

    def name(self) -> str:
        return "action_harassment"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        context = await in_thread(service.team_context, member_key(tracker))
        has_amr = getattr(context, "amr", None)
        text = user_text(tracker)
        warm = (
            "Det, du beskriver, er ikke i orden, og det er ikke din skyld."
            if ABOUT_ME.search(text)
            else "Det, du beskriver, er ikke i orden, og det er godt, at du siger det."
        )
        boss = bool(BY_THE_BOSS.search(text))
        lines = [
            warm,
            "Mobning, chikane og vold er ikke noget, I skal løse som en øvelse i teamet. "
            + (
                "Når det er lederen selv, kan du få hjælp her:"
                if boss
                else "Tag det op dér, hvor der er hjælp og ansvar:"
            ),
        ]
        if has_amr == "nej":
            lines[-1] = lines[-1].removesuffix(":") + ". I har ingen arbejdsmiljørepræsentant, "
            lines[-1] += "så start hos en af disse:"
        if has_amr == "ja":
            lines.append("- jeres arbejdsmiljørepræsentant (AMR'en)")
        elif has_amr != "nej":
            lines.append("- jeres arbejdsmiljørepræsentant, hvis I har en")
        lines += [
            "- din fagforening",
            "- Arbejdstilsynet på 70 12 12 88; du kan også klage anonymt",
        ]
        if not boss:
            lines.append("- lederen, som har pligt til at gribe ind")
        if BY_OUTSIDERS.search(text) and not boss:
            # AT-vejledning D.4.3-3 "Vold"; vold og trusler anmeldes som arbejdsulykke
            # (the entry's sources).
            lines.append(
                "Når det er en kunde, en borger eller en pårørende, har arbejdsgiveren pligt til "
                "at forebygge det. Skriv episoderne ned, og anmeld vold og trusler som "
                "arbejdsulykke, hvis de giver fravær ud over dagen. Hvordan I forebygger det "
                "fremover, kan I godt tage op sammen."
            )
        lines.append("Er nogen i akut fare, så ring 112.")
        dispatcher.utter_message(
            text="\n".join(lines),
            buttons=[read_more_button(harassment.ENTRY, "Hvad siger reglerne?")],
        )
        return list(CLOSE_FORM)
