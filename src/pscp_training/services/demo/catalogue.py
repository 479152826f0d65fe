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


# What the published programme says of each course: who it is for, what delegates will be
# able to do afterwards (one outcome a line) and how to book.
BOOKING_PAGE = "https://training.pscp.example.org/book"
BOOKING_EMAIL = "training@pscp.example.org"


@dataclass(frozen=True)
class DemoProgrammeText:
    audience: str
    outcomes: tuple[str, ...]
    how_to_book: str = BOOKING_PAGE


PROGRAMME_TEXT: dict[str, DemoProgrammeText] = {
    "DSL-NEW": DemoProgrammeText(
        "Designated safeguarding leads and deputies in schools and colleges who are new to "
        "the role or have not yet had DSL training.",
        ("describe the DSL's responsibilities under Keeping Children Safe in Education",
         "make and record a referral to the front door with the right information",
         "keep safeguarding records that stand up to scrutiny",
         "support staff to notice and report concerns"),
    ),
    "DSL-REF": DemoProgrammeText(
        "DSLs and deputies whose last DSL training was two years ago or more.",
        ("apply this year's changes to Keeping Children Safe in Education",
         "use the learning from local and national safeguarding practice reviews",
         "check their setting's safeguarding arrangements against the partnership's audit"),
    ),
    "DSL-EY": DemoProgrammeText(
        "DSLs of nurseries, pre-schools, out-of-school clubs and childminders.",
        ("understand the safeguarding requirements of the Early Years Foundation Stage",
         "recognise the signs of abuse and neglect in babies and young children",
         "know when and how to seek advice and make a referral"),
    ),
    "FSP": DemoProgrammeText(
        "Practitioners in any agency who lead early help work with families.",
        ("hold a strengths-based early help conversation with a family",
         "use the 10 aspects of family life and the 0-10 scale to agree a plan",
         "review a Family Support Plan with the family and the team around it"),
    ),
    "WT-FOUND": DemoProgrammeText(
        "Anyone working with children or adults who are parents: the partnership's "
        "foundation course, for new starters in every agency.",
        ("describe the roles of the partner agencies under Working Together",
         "use the thresholds document to decide what help a family needs",
         "share information lawfully and with confidence"),
    ),
    "EXP-MC": DemoProgrammeText(
        "Practitioners and managers who work with adolescents.",
        ("recognise victim-blaming language in records and conversations",
         "describe exploitation in words that keep the focus on the child",
         "challenge colleagues constructively"),
    ),
    "MET": DemoProgrammeText(
        "Practitioners working with children who go missing or are at risk of exploitation.",
        ("use the missing, exploited and trafficked pathway",
         "contribute to a Safer Plan",
         "know what happens at a return home interview"),
    ),
    "CYBER": DemoProgrammeText(
        "Teachers, youth workers and practitioners supporting young people online.",
        ("recognise young people at risk of drifting into cyber crime",
         "refer to the Cyber Choices programme",
         "talk with young people about legal uses of their skills"),
    ),
    "HSB": DemoProgrammeText(
        "Practitioners in schools, health and social care who work with children's "
        "sexual behaviour.",
        ("tell healthy, problematic and harmful sexual behaviour apart",
         "use the Brook Traffic Light Tool",
         "plan a safe response with the child, their family and other agencies"),
    ),
    "CLARE-SARAH": DemoProgrammeText(
        "Practitioners supporting families where domestic abuse or a risk to children is "
        "suspected.",
        ("explain the right to ask and the right to know",
         "help a parent or carer make an application",
         "know what support follows a disclosure"),
    ),
    "DA": DemoProgrammeText(
        "Practitioners in every agency who work with children or parents.",
        ("describe the impact of domestic abuse on children of every age",
         "use the DASH risk checklist and know when to refer to MARAC",
         "keep the child's lived experience at the centre of a plan"),
    ),
    "NEGLECT": DemoProgrammeText(
        "Practitioners who work with families where neglect is a concern.",
        ("use the Day in the Life tools with a family",
         "recognise cumulative harm and drift",
         "escalate when a plan is not making a difference"),
    ),
    "OBESITY": DemoProgrammeText(
        "School nurses, health visitors, teachers and family workers.",
        ("recognise when a child's weight becomes a safeguarding concern",
         "talk with parents about weight without blame",
         "know the local pathways for help"),
    ),
    "RETHINK": DemoProgrammeText(
        "Practitioners and managers in every agency.",
        ("use the partnership's escalation policy",
         "repair a professional disagreement",
         "find ways through 'stuckness' in complex cases"),
    ),
    "INSET": DemoProgrammeText(
        "All the staff of one school, at an inset day or twilight session.",
        ("know how to recognise and report a concern in their school",
         "understand their part in the school's safeguarding culture"),
        BOOKING_EMAIL,
    ),
    "BESPOKE": DemoProgrammeText(
        "A team or service that wants training built around its own work.",
        ("as agreed with the commissioning team",),
        BOOKING_EMAIL,
    ),
    "BESPOKE-EXP": DemoProgrammeText(
        "Police teams and their partners.",
        ("recognise the signs of child exploitation",
         "use the partnership's exploitation screening tool"),
        BOOKING_EMAIL,
    ),
    "BESPOKE-SCH": DemoProgrammeText(
        "The staff and governors of one school, over a term.",
        ("review the school's safeguarding culture together",
         "plan and coach changes in practice"),
        BOOKING_EMAIL,
    ),
}
