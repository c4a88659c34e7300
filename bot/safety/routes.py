"""Where help is for harassment, bullying and violence, and whom a crisis message is about.

Plain Python that actions/safety.py answers with. The routes: the representative first where the
team has one; when it is the boss who does it, the union and Arbejdstilsynet, not the boss.
"""

from __future__ import annotations

import re

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


def about_someone_else(text: str) -> bool:
    """The writer fears for someone else and says nothing of their own state."""
    return bool(ABOUT_SOMEONE.search(text)) and not re.search(
        r"\b(?:jeg|mig)\b", HELPER_SAYS.sub(" ", text), re.IGNORECASE
    )


def harassment_answer(text: str, has_amr: str | None) -> str:
    """The answer to harassment told in `text`: said to be wrong, then where help and
    responsibility are, never a team exercise. `has_amr`: the team's "ja", "nej" or None."""
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
        # AT-vejledning D.4.3-3 "Vold"; vold og trusler anmeldes som arbejdsulykke (the
        # entry's sources).
        lines.append(
            "Når det er en kunde, en borger eller en pårørende, har arbejdsgiveren pligt til "
            "at forebygge det. Skriv episoderne ned, og anmeld vold og trusler som "
            "arbejdsulykke, hvis de giver fravær ud over dagen. Hvordan I forebygger det "
            "fremover, kan I godt tage op sammen."
        )
    lines.append("Er nogen i akut fare, så ring 112.")
    return "\n".join(lines)
