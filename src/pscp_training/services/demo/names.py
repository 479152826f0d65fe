"""Realistic, diverse names and job roles for the demo's delegates (a port city's workforce)."""

import random
import unicodedata

# (weight, first names, last names): names are drawn within one group, so that a
# person's first and last names belong together.
_GROUPS: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = (
    (52,
     ("Sarah", "Emma", "Claire", "Rebecca", "Laura", "Gemma", "Hannah", "Charlotte", "Lucy",
      "Rachel", "Katie", "Jessica", "Amy", "Sophie", "Helen", "Joanne", "Nicola", "Louise",
      "Zoë", "Kirsty", "Chloë", "James", "Daniel", "Mark", "Paul", "Andrew", "Steven",
      "Michael", "David", "Chris", "Tom", "Matthew", "Richard", "Lee", "Ben", "Jack"),
     ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
      "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
      "Wood", "Jackson", "Clarke", "Hughes", "Edwards", "Turner", "Harris", "Baker", "Cooper",
      "Hill", "Ward", "Morgan", "Price", "Bennett", "Fletcher", "Marsh", "Cartwright",
      "Ashworth", "Pike")),
    (6,
     ("Siobhán", "Aoife", "Niamh", "Ciarán", "Seán", "Róisín", "Declan", "Orla", "Eimear"),
     ("O'Brien", "Ó Súilleabháin", "Murphy", "Kelly", "O'Connor", "Byrne", "McCarthy",
      "Ní Bhriain", "Doyle")),
    (7,
     ("Łukasz", "Agnieszka", "Katarzyna", "Małgorzata", "Paweł", "Tomasz", "Zofia", "Wojciech"),
     ("Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zieliński",
      "Szymańska")),
    (10,
     ("Fatima", "Nasreen", "Priya", "Anjali", "Sunita", "Rahul", "Imran", "Mohammed", "Aisha",
      "Arjun", "Harpreet", "Ravinder", "Shabnam", "Tahmina", "Rubina"),
     ("Begum", "Rahman", "Ahmed", "Patel", "Sharma", "Kaur", "Singh", "Hussain", "Khan",
      "Chowdhury", "Uddin", "Islam", "Mistry")),
    (4,
     ("Sita", "Bishnu", "Prakash", "Anita", "Ramesh", "Kamala"),
     ("Gurung", "Rai", "Limbu", "Thapa", "Tamang")),
    (4,
     ("Linh", "Minh", "Thảo", "Huy", "Mei", "Wei", "Jun", "Xiu"),
     ("Nguyễn", "Trần", "Lê", "Phạm", "Chen", "Wong", "Li")),
    (8,
     ("Amara", "Chiamaka", "Kwame", "Ngozi", "Adebayo", "Abena", "Tendai", "Kofi", "Folake",
      "Marcus", "Jerome", "Simone"),
     ("Okafor", "Adeyemi", "Mensah", "Asante", "Okonkwo", "Mwangi", "Campbell", "Baptiste",
      "Boateng")),
    (5,
     ("João", "Ana", "Inês", "Miguel", "Sofia", "Mateo", "Lucía", "Elena", "Andrei", "Ioana"),
     ("Silva", "Santos", "Ferreira", "Costa", "García", "Fernández", "Popescu", "Ionescu")),
    (2,
     ("Yusuf", "Layla", "Omar", "Zeynep", "Ahmet", "Rania"),
     ("Haddad", "Yılmaz", "Al-Sayed", "Farah", "Demir")),
    (3,
     ("Rhys", "Cerys", "Dafydd", "Eilidh", "Callum", "Iona"),
     ("Llywelyn", "MacDonald", "Fraser", "Bowen", "Rees-Jones")),
)
_WEIGHTS = [g[0] for g in _GROUPS]

# People named first, so that the names every screen must show well are always there.
FIXED_PEOPLE = (
    ("Siobhán", "Ó Súilleabháin"),
    ("Łukasz", "Wiśniewski"),
    ("Zoë", "O'Brien"),
    ("Thảo", "Nguyễn"),
    ("Aoife", "O'Brien"),
)

JOB_ROLES = {
    "Education": ("Designated Safeguarding Lead", "Deputy DSL", "Headteacher", "Class teacher",
                  "Teaching assistant", "SENCo", "Pastoral lead", "Family support worker"),
    "Early Years": ("Nursery manager", "Early years practitioner", "Room leader", "Childminder"),
    "Portsmouth City Council": ("Social worker", "Senior practitioner", "Family support worker",
                                "Team manager", "Early help worker", "Youth worker",
                                "Housing officer"),
    "Health": ("Health visitor", "School nurse", "Midwife", "GP", "Practice nurse",
               "Safeguarding nurse", "Mental health practitioner"),
    "Police": ("Police constable", "Detective constable", "PCSO", "Sergeant"),
    "Voluntary & Community": ("Project worker", "Youth worker", "Volunteer coordinator",
                              "Counsellor"),
    "Other": ("Chaplain", "Welfare officer", "Station manager", "Lecturer", "Probation officer"),
}

_NOT_DECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "đ": "d", "Đ": "D", "ø": "o"})


def random_name(rng: random.Random) -> tuple[str, str]:
    group = rng.choices(_GROUPS, weights=_WEIGHTS)[0]
    return rng.choice(group[1]), rng.choice(group[2])


def ascii_slug(text: str, joiner: str = "") -> str:
    """Letters and digits only, accents dropped: Ó Súilleabháin -> osuilleabhain."""
    plain = unicodedata.normalize("NFKD", text.translate(_NOT_DECOMPOSED))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in plain).split()
    return joiner.join(words)
