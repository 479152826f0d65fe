"""The demo's organisation register: the city's 69 schools and the partnership's other agencies."""

from dataclasses import dataclass

EDUCATION = "Education"
EARLY_YEARS = "Early Years"
COUNCIL = "Portsmouth City Council"
HEALTH = "Health"
POLICE = "Police"
VOLUNTARY = "Voluntary & Community"
OTHER = "Other"


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    sector: str
    org_type: str
    staff: int  # how many of its people appear as named delegates over the years


_PRIMARY = (
    "Arundel Court Primary Academy", "Ark Ayrton Primary Academy", "Ark Dickens Primary Academy",
    "Beacon View Primary Academy", "Bramble Infant School", "College Park Infant School",
    "Copnor Primary School", "Corpus Christi Catholic Primary School",
    "Cottage Grove Primary School", "Court Lane Infant Academy", "Court Lane Junior Academy",
    "Craneswater Junior School", "Cumberland Infant School", "Devonshire Infant School",
    "Fernhurst Junior School", "Flying Bull Academy", "Gatcombe Park Primary School",
    "Goldsmith Infant School", "Highbury Primary School", "Isambard Brunel Junior School",
    "Langstone Junior Academy", "Lyndhurst Junior School", "Manor Infant School",
    "Medina Primary School", "Meon Infant School", "Meon Junior School",
    "Meredith Infant School", "Milton Park Primary School", "Moorings Way Infant School",
    "Newbridge Junior School", "Northern Parade Infant School", "Northern Parade Junior School",
    "Penhale Infant School", "Portsdown Primary School", "Solent Infant School",
    "Solent Junior School", "Southsea Infant School", "St George's Beneficial CofE Primary School",
    "St John's Cathedral Catholic Primary School", "St Jude's CofE Primary School",
    "St Paul's Catholic Primary School", "St Swithun's Catholic Primary School",
    "Stamshaw Infant School", "Stamshaw Junior School", "Victory Primary School",
    "Westover Primary School", "Wimborne Primary School",
)
_SECONDARY = (
    "Admiral Lord Nelson School", "Ark Charter Academy", "Miltoncross Academy",
    "Portsmouth Academy", "Priory School", "Springfield School", "St Edmund's Catholic School",
    "Trafalgar School", "King Richard School", "UTC Portsmouth",
)
_SPECIAL = (
    "Cliffdale Primary Academy", "Redwood Park Academy", "Mary Rose Academy",
    "The Harbour School", "Willows Centre for Children",
)
_INDEPENDENT = (
    "The Portsmouth Grammar School", "Portsmouth High School", "St John's College Southsea",
    "Mayville High School", "Harbour View Independent School",
)


def _schools() -> list[DemoOrganisation]:
    schools = [DemoOrganisation("Mayfield School", EDUCATION, "All-through school", 12)]
    schools += [DemoOrganisation(n, EDUCATION, "Primary school", 6) for n in _PRIMARY]
    schools += [DemoOrganisation(n, EDUCATION, "Secondary school", 12) for n in _SECONDARY]
    schools += [DemoOrganisation(n, EDUCATION, "Special school", 8) for n in _SPECIAL]
    schools.append(DemoOrganisation("The City of Portsmouth College", EDUCATION, "FE college", 12))
    schools += [DemoOrganisation(n, EDUCATION, "Independent school", 6) for n in _INDEPENDENT]
    return schools


_EARLY_YEARS = (
    ("Buckland Children's Centre Nursery", "Day nursery"), ("Little Acorns Pre-School", "Pre-school"),
    ("Tiddlers Day Nursery", "Day nursery"), ("Sunshine Nursery Southsea", "Day nursery"),
    ("Milton Village Pre-School", "Pre-school"), ("Paulsgrove Pre-School", "Pre-school"),
    ("Copnor Day Nursery", "Day nursery"), ("Hilsea Childcare Centre", "Day nursery"),
    ("Cosham Park Nursery", "Day nursery"), ("Eastney Pre-School", "Pre-school"),
    ("Somerstown Stay and Play", "Pre-school"), ("Fratton Tots Nursery", "Day nursery"),
    ("Drayton Busy Bees Nursery", "Day nursery"), ("Portsmouth Childminding Network", "Childminders"),
)
_COUNCIL = (
    "Multi-Agency Safeguarding Hub", "Family Safeguarding and Support Service",
    "Early Help and Prevention", "Education Link Coordinators", "Youth Justice Service",
    "Children in Care Team", "Housing Needs and Advice", "Adult Social Care", "Public Health",
    "Inclusion Service", "Virtual School", "Libraries and Community Learning",
)
_HEALTH = (
    ("Solent NHS Trust", "Community health trust", 45),
    ("Portsmouth Hospitals University NHS Trust", "Hospital trust", 40),
    ("Hampshire and Isle of Wight Integrated Care Board", "Integrated care board", 10),
    ("Southern Health NHS Foundation Trust", "Mental health trust", 15),
    ("South Central Ambulance Service", "Ambulance service", 8),
    ("Lake Road Practice", "GP practice", 4), ("Drayton Surgery", "GP practice", 4),
    ("Portsdown Group Practice", "GP practice", 4), ("Craneswater Group Practice", "GP practice", 4),
    ("Kirklands Surgery", "GP practice", 3), ("Guildhall Walk Healthcare Centre", "GP practice", 4),
    ("Trafalgar Medical Group Practice", "GP practice", 4), ("Sunnyside Medical Centre", "GP practice", 3),
)
_POLICE = (
    ("Hampshire Constabulary – Portsmouth District", 40),
    ("Hampshire Constabulary – Child Exploitation Team", 12),
    ("Hampshire Constabulary – Public Protection Unit", 14),
)
_VOLUNTARY = (
    "Barnardo's Portsmouth", "The Roberts Centre", "Off The Record", "Motiv8",
    "Home-Start Portsmouth", "Aurora New Dawn", "Pompey in the Community", "The You Trust",
    "Portsmouth Abuse and Rape Counselling Service", "Society of St James",
)
_OTHER = (
    ("Probation Service – Portsmouth", "Probation", 8),
    ("Hampshire and Isle of Wight Fire and Rescue Service", "Fire and rescue", 6),
    ("Royal Navy Family and People Support", "Armed forces welfare", 6),
    ("University of Portsmouth", "University", 8),
    ("Portsmouth Cathedral", "Faith group", 4),
)


def demo_organisations() -> list[DemoOrganisation]:
    """Every organisation of the demo, all of them on the organisation register."""
    found = _schools()
    found += [DemoOrganisation(n, EARLY_YEARS, t, 5) for n, t in _EARLY_YEARS]
    found += [
        DemoOrganisation(f"Portsmouth City Council – {team}", COUNCIL, "Council team", 30)
        for team in _COUNCIL
    ]
    found += [DemoOrganisation(n, HEALTH, t, s) for n, t, s in _HEALTH]
    found += [DemoOrganisation(n, POLICE, "Police", s) for n, s in _POLICE]
    found += [DemoOrganisation(n, VOLUNTARY, "Charity", 8) for n in _VOLUNTARY]
    found += [DemoOrganisation(n, OTHER, t, s) for n, t, s in _OTHER]
    return found
