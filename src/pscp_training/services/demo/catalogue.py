"""The demo's course catalogue, drawn from the training the annual report describes."""

from dataclasses import dataclass

from pscp_training.domain.enums import Agency

MULTI = Agency.MULTI.value
SINGLE = Agency.SINGLE.value


@dataclass(frozen=True)
class DemoCourse:
    code: str
    title: str
    category: str
    agency: str
    minutes: int
    capacity: int | None
    weight: int  # how often it runs, relative to the others of its kind
    description: str
    # How its delegates' sectors lean: "schools" for DSL training, else the general mix.
    audience: str = "general"


COURSES: tuple[DemoCourse, ...] = (
    DemoCourse("DSL-NEW", "Designated Safeguarding Lead: new to the role", "DSL", MULTI, 360, 24,
               8, "Two-part course for DSLs and deputies new to the role, in line with KCSiE.",
               "schools"),
    DemoCourse("DSL-REF", "Designated Safeguarding Lead: refresher", "DSL", MULTI, 180, 30, 10,
               "The two-yearly refresher for DSLs: this year's KCSiE changes and local learning.",
               "schools"),
    DemoCourse("DSL-EY", "Designated Safeguarding Lead in early years settings", "DSL", MULTI,
               180, 20, 4, "For DSLs of nurseries, pre-schools and childminders.", "early"),
    DemoCourse("FSP", "Family Support Plan: early help conversations and plans", "Early help",
               MULTI, 180, 24, 9, "The redesigned early help training behind the Family Support "
               "Plan: the 10 aspects of family life and the 0-10 scale."),
    DemoCourse("WT-FOUND", "Working Together: multi-agency safeguarding foundation", "Foundation",
               MULTI, 360, 30, 12, "Roles, thresholds and information sharing across the "
               "partnership."),
    DemoCourse("EXP-MC", "Exploitation masterclass: language and victim blaming", "Exploitation",
               MULTI, 150, 40, 7, "How the words we use shape the response to exploited "
               "children."),
    DemoCourse("MET", "Missing, exploited and trafficked children: the MET pathway",
               "Exploitation", MULTI, 180, 30, 6, "The integrated pathway and Safer Plans."),
    DemoCourse("CYBER", "Cyber Choices: young people and cyber crime", "Online safety", MULTI, 120,
               40, 4, "With the regional cyber crime unit's Cyber Choices programme."),
    DemoCourse("HSB", "Working with harmful sexual behaviour", "Harmful sexual behaviour", MULTI,
               360, 24, 6, "Recognising and responding to harmful sexual behaviour."),
    DemoCourse("CLARE-SARAH", "Clare's Law and Sarah's Law: the disclosure schemes",
               "Domestic abuse", MULTI, 120, 40, 3, "How and when to apply, with the police."),
    DemoCourse("DA", "Domestic abuse and its impact on children", "Domestic abuse", MULTI, 180, 30,
               7, "The child's lived experience of domestic abuse."),
    DemoCourse("NEGLECT", "Responding to neglect: the Day in the Life tools", "Neglect", MULTI,
               180, 24, 6, "Using the Day in the Life tools with families."),
    DemoCourse("OBESITY", "Childhood obesity: a safeguarding workshop", "Neglect", MULTI, 120, 24,
               2, "When weight becomes a safeguarding concern."),
    DemoCourse("RETHINK", "Re-think: resolving professional disagreement", "Practice", MULTI, 120,
               20, 3, "Repairing professional disagreement and finding ways through stuckness."),
    DemoCourse("INSET", "Inset: whole-school safeguarding training", "Inset", SINGLE, 120, None, 10,
               "Delivered at a school for all its staff; attendance recorded as a headcount."),
    DemoCourse("BESPOKE", "Bespoke safeguarding training for a team", "Bespoke", SINGLE, 180, None,
               8, "Targeted training commissioned by a team."),
    DemoCourse("BESPOKE-EXP", "Bespoke: exploitation awareness for officers", "Bespoke", SINGLE,
               180, None, 3, "For police teams and partners, on request."),
    DemoCourse("BESPOKE-SCH", "Bespoke: safeguarding culture project for a school", "Bespoke",
               SINGLE, 240, None, 2, "Training, reflection and coaching for a school's staff."),
)

VENUES = (
    "Civic Offices, Guildhall Square",
    "The Learning Place, Cosham",
    "Portsmouth Central Library",
    "Fratton Community Centre",
    "Somers Town Hub",
)
ONLINE_VENUE = "Microsoft Teams"
TRAINERS = ("Kate Marsh", "Sam Rahman", "Jo Nowak", "Dee Okafor", "Pete Llywelyn")
