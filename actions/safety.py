"""Crisis and harassment: they interrupt every step, close any open form, and say where help is.

The crisis answer names 112, Livslinien and the person's own doctor, with the out-of-hours
doctor as it is in Denmark: lægevagten, which in the Capital Region is 1813.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet

from actions.common import in_thread, member_key, theme_button, user_text
from bot.coach import service
from bot.coach.themes import find_themes, label
from bot.safety.crisis import is_crisis

CRISIS = (
    "Det, du skriver, lyder alvorligt. Er du eller andre i akut fare, så ring 112 nu.\n"
    "Du kan også tale med Livslinien på 70 201 201 eller kontakte din egen læge. Når lægen "
    "har lukket, kan du ringe til lægevagten. I Region Hovedstaden ringer du til 1813.\n"
    "Jeg er en chatbot og ikke en krisetjeneste. Vi kan tage arbejdsmiljøet op igen senere, "
    "når du er klar."
)
CLOSE_FORM = [ActiveLoop(None), SlotSet("requested_slot", None)]


class ActionCrisis(Action):
    def name(self) -> str:
        return "action_crisis"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=CRISIS)
        # What the message also said about work is not lost: it waits until they are ready.
        work = [h for h in find_themes(user_text(tracker)) if not is_crisis(h.words)]
        if work:
            dispatcher.utter_message(
                text=f'Du skrev også om {label(work[0].theme)}: "{work[0].words}". Det tager vi, '
                "når du er klar.",
                buttons=[
                    theme_button(work[0].theme, "Fortsæt med det", "ask_intervention"),
                    {"title": "Ikke nu", "payload": "/deny"},
                ],
            )
            return [*CLOSE_FORM, SlotSet("theme", work[0].theme)]
        dispatcher.utter_message(
            text="Skriv, når du vil fortsætte.",
            buttons=[{"title": "Jeg vil gerne fortsætte", "payload": "/continue"}],
        )
        return list(CLOSE_FORM)


class ActionHarassment(Action):
    """Mobbing, harassment, violence: to where help and responsibility are, never a team
    exercise. The representative comes first where the team has one."""

    def name(self) -> str:
        return "action_harassment"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        context = await in_thread(service.team_context, member_key(tracker))
        has_amr = getattr(context, "amr", None)
        where = {
            "ja": "Tag det op dér, hvor der er hjælp og ansvar. Start gerne hos jeres "
            "arbejdsmiljørepræsentant:",
            "nej": "Tag det op dér, hvor der er hjælp og ansvar. I har ingen "
            "arbejdsmiljørepræsentant, så start hos en af disse:",
        }.get(has_amr, "Tag det op dér, hvor der er hjælp og ansvar:")
        lines = [
            f"Mobning, chikane og vold er ikke noget, I skal løse som en øvelse i teamet. {where}"
        ]
        if has_amr == "ja":
            lines.append("- jeres arbejdsmiljørepræsentant")
        elif has_amr != "nej":
            lines.append("- jeres arbejdsmiljørepræsentant, hvis I har en")
        lines += [
            "- din fagforening",
            "- Arbejdstilsynet på 70 12 12 88; du kan også klage anonymt",
            "- lederen, medmindre det er lederen, der er problemet.",
            "Er nogen i akut fare, så ring 112.",
        ]
        dispatcher.utter_message(text="\n".join(lines))
        return list(CLOSE_FORM)
