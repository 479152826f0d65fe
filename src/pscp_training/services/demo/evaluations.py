"""The demo's evaluations: what about half of the recent years' attendees said about their course."""

from pscp_training.domain.enums import Agency
from pscp_training.domain.evaluation_records import EvaluationForm
from pscp_training.services.demo.history import PUBLISHED
from pscp_training.services.demo.plan import DemoPlan

# "What will you do differently in your practice?", by course category, in delegates' words.
PRACTICE_CHANGES: dict[str, tuple[str, ...]] = {
    "DSL": ("Review our safeguarding policy with the governors against this year's KCSiE.",
            "Keep clearer chronologies and record my rationale for every decision.",
            "Make sure every member of staff knows who the deputy DSLs are.",
            "Audit our child protection files before the end of term.",
            "Plan the staff briefing on filtering and monitoring I have been putting off."),
    "Early help": ("Start Family Support Plan conversations earlier, before things escalate.",
                   "Use the 0-10 scale with families to agree what progress looks like.",
                   "Write plans in the family's own words, not in professional language.",
                   "Invite the school nurse to our next team around the family meeting."),
    "Foundation": ("Share information sooner; I now know that consent is not always needed.",
                   "Check the threshold document before I call the front door.",
                   "Record my concerns on the day, with the child's words as they said them.",
                   "Ask the child what they want to happen, and write it down."),
    "Exploitation": ("Stop using phrases like 'putting themselves at risk'.",
                     "Complete a MET screening tool when a child goes missing again.",
                     "Challenge colleagues who describe exploited children as making choices.",
                     "Share intelligence forms with the police even when it seems minor."),
    "Online safety": ("Talk to the young people I work with about Cyber Choices.",
                      "Refer to Cyber Choices instead of simply confiscating a laptop.",
                      "Update our online safety lessons with the examples from today."),
    "Harmful sexual behaviour": ("Use the continuum tool before deciding how to respond.",
                                 "Separate the behaviour from the child when I talk to parents.",
                                 "Review our risk assessments for pupils with harmful behaviour."),
    "Domestic abuse": ("Ask the child about their experience at home, not only the parent.",
                       "Tell families about Clare's Law when it could protect them.",
                       "Check for Operation Encompass notifications every morning.",
                       "Stop describing an abusive relationship as 'volatile'."),
    "Neglect": ("Use the Day in the Life tool on my next home visit.",
                "Look at the whole picture over time rather than one incident.",
                "Raise weight and dental health as part of a neglect conversation."),
    "Practice": ("Use the escalation policy instead of letting a disagreement drift.",
                 "Pick up the phone to the other agency before I put anything in writing.",
                 "Reflect with my supervisor when a case feels stuck."),
    "Inset": ("Know exactly who to go to in school when a child tells me something.",
              "Write down what a child says in their words, straight away."),
    "Bespoke": ("Use the team's new referral checklist on every case.",
                "Bring safeguarding into our weekly team meeting as a standing item."),
}
GENERAL_CHANGES = (
    "Have the courage to challenge when I am worried about a child.",
    "Think about the child's lived experience first in every assessment.",
    "Pass on what I learnt at our next team meeting.",
    "Be more curious and less accepting of the first explanation I am given.",
    "Use the partnership website's procedures instead of relying on memory.",
)
OTHER_COMMENTS = (
    "The trainer was excellent and the case studies were very real.",
    "More time for the group discussions, please.",
    "Online worked well for me; I could not have travelled to a venue that day.",
    "The room was cold, but the content made up for it.",
    "Hearing from the police and health colleagues was the most useful part.",
    "Too much to cover in one morning; a second session would help.",
    "Please send the slides afterwards.",
    "Really good to meet people from other agencies face to face again.",
    "Some of the breakout rooms did not work, so we lost time.",
    "The best training I have been on this year.",
)


def _rating(plan: DemoPlan) -> int:
    return plan.rng.choices((5, 4, 3, 2, 1), weights=(45, 38, 12, 4, 1))[0]


def _answer(plan: DemoPlan, value):
    """Now and then a question is left unanswered, as on real forms."""
    return None if plan.rng.random() < 0.04 else value


def evaluation_form(plan: DemoPlan, category: str) -> EvaluationForm:
    """One delegate's answers: mostly good ratings, confidence that mostly rose."""
    rng = plan.rng
    overall = _rating(plan)
    before = rng.choices(range(1, 9), weights=(2, 5, 9, 12, 12, 9, 6, 3))[0]
    gain = rng.choices((-1, 0, 1, 2, 3, 4), weights=(2, 8, 18, 32, 28, 12))[0]
    after = max(0, min(10, before + gain))
    practice = None
    if rng.random() < 0.6:
        practice = rng.choice(PRACTICE_CHANGES.get(category, ()) + GENERAL_CHANGES)
    other = rng.choice(OTHER_COMMENTS) if rng.random() < 0.2 else None
    return EvaluationForm(
        overall_rating=_answer(plan, overall),
        objectives_met=_answer(plan, max(1, min(5, overall + rng.choice((-1, 0, 0, 0, 1))))),
        confidence_before=_answer(plan, before),
        confidence_after=_answer(plan, after),
        practice_change=practice,
        other_comments=other,
        consent_to_quote=rng.random() < 0.6,
    )


def plan_evaluations(plan: DemoPlan) -> int:
    """Evaluations for attended bookings from the last published year on; returns how many."""
    rng = plan.rng
    first = PUBLISHED[-1].year.utc_bounds()[0]
    rates: dict[int, float] = {}
    added = 0
    for index, booking in enumerate(plan.bookings):
        session = plan.sessions[booking.session]
        if (booking.status != "booked" or booking.attendance != "attended"
                or session.status != "scheduled" or session.start < first):
            continue
        course = plan.courses[session.course]
        if booking.session not in rates:
            # Some trainers chase their evaluations harder than others; bespoke sessions less.
            low, high = (0.15, 0.4) if course.agency == Agency.SINGLE.value else (0.3, 0.8)
            rates[booking.session] = rng.uniform(low, high)
        if rng.random() >= rates[booking.session]:
            continue
        form = evaluation_form(plan, course.category)
        if form.problems():  # an invariant of the generator, not user input
            raise RuntimeError(f"A demo evaluation is not valid: {form.problems()}")
        source = "entered" if rng.random() < 0.2 else "imported"
        plan.evaluations.append((index, form, source))
        added += 1
    return added

