"""The action plan: concrete actions with owner (a role), deadline and success criterion."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from bot.coach import facilitate
from bot.coach.dates import danish_date
from bot.coach.teams import TeamError, touch
from bot.db.models import PlanAction, Team
from bot.involvement import SAID

STATUSES = {
    "ikke_startet": "ikke startet",
    "i_gang": "i gang",
    "gennemfoert": "gennemført",
    "droppet": "droppet",
}


# Taking the proposed first action: "brug forslaget", "ja, det gør vi", "den tager vi".
TAKES_PROPOSAL = re.compile(
    r"^(?:ja|jo|jep|ok|okay|fint|godt|super|perfekt|yes)(?: tak)?$|\bbrug (?:det|dit|den|"
    r"forslaget)\b|\b(?:vi )?(?:tager|tar|bruger|tager vi) (?:det|den|dit forslag|forslaget)\b|"
    r"^(?:ja|jo|ok|fint)?,? ?(?:det gør vi|det lyder godt|godt forslag|lad os det|den er god)\b"
)


def taken_proposal(text: str, proposal: str) -> str | None:
    """The first action when the team takes the coach's proposal: the proposal as it stands
    ("brug forslaget", "ja, det gør vi"), or with what the team adds to it ("brug det men
    mandag morgen kl 7 i skurvognen" -> the proposal, then "Mandag morgen kl 7 i
    skurvognen."); None when the reply does not take it."""
    from bot.coach.reading.words import normalise

    said = " ".join((text or "").split())
    if not TAKES_PROPOSAL.search(normalise(said)):
        return None
    taken = TAKES_PROPOSAL.search(said.lower())
    rest = said[taken.end() :] if taken else ""
    rest = re.sub(r"^\W*(?:(?:men|og|bare|så|dog|blot)\W+)*", "", rest).strip(" .,!")
    if len(rest.split()) < 2:
        return proposal
    return f"{proposal.rstrip('. ')}. {rest[:1].upper()}{rest[1:]}."


def add_action(
    session: Session,
    team: Team,
    what: str,
    owner: str,
    deadline: date | None,
    success: str = "",
    involvement: str | None = None,
    pro: dict | None = None,
    kb_id: str | None = None,
    problem_id: int | None = None,
    experiment: bool = False,
) -> PlanAction:
    what = " ".join((what or "").split())
    owner = " ".join((owner or "").split())
    if len(what) < 3:
        raise TeamError("Skriv kort, hvad I vil gøre, fx 'Ti minutters morgenmøde om mandagen'.")
    if len(owner) < 2:
        raise TeamError("Skriv, hvem der står for det. Det kan være en rolle, fx 'formanden'.")
    if involvement is not None and involvement not in SAID:
        raise ValueError(involvement)
    action = PlanAction(
        team_id=team.id,
        what=what[:500],
        owner=owner[:120],
        deadline=deadline,
        success=" ".join((success or "").split())[:500],
        involvement=involvement,
        pro={k: v for k, v in (pro or {}).items() if k in ("process", "roles", "circumstances")},
        kb_id=kb_id,
        problem_id=problem_id,
        experiment=experiment,
        status="ikke_startet",
    )
    session.add(action)
    touch(team)
    session.flush()
    return action


def _action(team: Team, number: int) -> PlanAction:
    """Actions are numbered 1, 2, 3 ... in the plan as shown (dropped ones included)."""
    actions = list(team.plan)
    if not 1 <= number <= len(actions):
        raise TeamError(f"Planen har ingen handling nr. {number}.")
    return actions[number - 1]


def change_deadline(team: Team, number: int, deadline: date) -> PlanAction:
    action = _action(team, number)
    action.deadline = deadline
    touch(team)
    return action


def change_owner(team: Team, number: int, owner: str) -> PlanAction:
    owner = " ".join((owner or "").split())
    if len(owner) < 2:
        raise TeamError("Skriv, hvem der står for det. Det kan være en rolle.")
    action = _action(team, number)
    action.owner = owner[:120]
    touch(team)
    return action


def set_status(team: Team, number: int, status: str) -> PlanAction:
    if status not in STATUSES:
        raise ValueError(status)
    action = _action(team, number)
    action.status = status
    touch(team)
    return action


def drop(team: Team, number: int) -> PlanAction:
    return set_status(team, number, "droppet")


def format_plan(
    team: Team, titles: dict[str, str] | None = None, next_followup: str | None = None
) -> str:
    """The plan as the team reads it; `titles` names the chosen measures by their entry id."""
    if not team.plan:
        return f"{team.name} har ingen handlinger i planen endnu."
    lines = [f"Handlingsplan for {team.name}"]
    for number, a in enumerate(team.plan, 1):
        when = danish_date(a.deadline) if a.deadline else "ingen frist"
        head = f"{number}. {a.what}"
        if a.status == "droppet":
            head += " (droppet)"
        lines.append(head)
        lines.append(f"   Ansvarlig: {a.owner}. Frist: {when}. Status: {STATUSES[a.status]}.")
        if a.kb_id and (titles or {}).get(a.kb_id):
            lines.append(f"   Indsats: {titles[a.kb_id]}.")
        if a.success:
            lines.append(f"   Sådan ved vi, at det virker: {a.success}")
        if a.involvement:
            lines.append(f"   Inddragelse: {SAID[a.involvement]}.")
        if (a.pro or {}).get("circumstances"):
            lines.append(f"   Hvis noget kommer i vejen: {a.pro['circumstances']}")
        if a.experiment:
            lines.append("   Køres som et kort forsøg.")
        lines += [f"   {line}" for line in facilitate.result_lines(a.facilitation)]
    if next_followup:
        lines.append(f"Næste opfølgning: {next_followup}.")
    return "\n".join(lines)


@dataclass(frozen=True)
class Edit:
    number: int
    operation: str  # "deadline", "owner", "drop"
    value: str = ""


ORDINALS = {"første": 1, "forste": 1, "anden": 2, "andet": 2, "tredje": 3, "fjerde": 4,
            "femte": 5, "sjette": 6}  # fmt: skip


def parse_edit(text: str) -> Edit | None:
    """'ret fristen for nr. 2 til 15/3', 'drop handling 1', 'giv den første til formanden'."""
    t = " ".join((text or "").lower().split())
    number = None
    m = re.search(r"(?:nr\.?|nummer|handling|punkt)\s*(\d+)", t) or re.search(
        r"\b(\d+)\b(?!\s*[/.-])", t
    )
    if m:
        number = int(m.group(1))
    else:
        number = next((n for word, n in ORDINALS.items() if re.search(rf"\b{word}\b", t)), None)
    if number is None:
        return None
    if re.search(r"\b(drop|dropp|slet|fjern|stop)", t):
        return Edit(number, "drop")
    m = re.search(r"\btil\s+(.+)$", t)
    value = m.group(1).strip(" .") if m else ""
    if re.search(r"frist|deadline|dato|senest|udsæt|ryk", t) and value:
        return Edit(number, "deadline", value)
    if re.search(r"ansvar|ejer|står for|star for|giv|overtag", t) and value:
        return Edit(number, "owner", value)
    return None
