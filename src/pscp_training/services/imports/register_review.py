"""Reviewing a planned import against what is stored: damaged copies refused, every change listed.

An import never writes a name, title or organisation that is a damaged copy of
the stored one (letters lost by a lossy save), whether it would update the
stored row or make a new one beside it; and a dry run lists every stored value
the file would change, before and after.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pscp_training.db.models import Delegate
from pscp_training.domain.errors import Problem
from pscp_training.domain.identity import key
from pscp_training.domain.import_records import RegisterRow, RowKind
from pscp_training.domain.years import to_local
from pscp_training.register.columns import local_text
from pscp_training.register.consistency import delegate_key, in_steps
from pscp_training.register.damage import DamageIndex, damage_message, is_damaged_copy
from pscp_training.services.imports.register_plan import Plan

_HIDDEN = frozenset({"name_key", "email_key"})  # derived from the names shown beside them
_LABELS = {"end_at": "end", "trainers": "trainer", "status": "status", "count": "headcount",
           "commissioner": "commissioning organisation", "waitlist_position": "waiting-list place"}


def _last_lines(rows: list[RegisterRow], tick=None) -> dict[tuple[str, str], int]:
    """The line that gave each course, delegate, organisation and sector its values."""
    lines: dict[tuple[str, str], int] = {}
    for row in in_steps(rows, tick):
        lines[("course", key(row.course_code))] = row.line
        if row.kind is RowKind.BOOKING:
            lines[("delegate", delegate_key(row))] = row.line
        if row.organisation:
            lines.setdefault(("organisation", key(row.organisation)), row.line)
            lines.setdefault(("sector", key(row.sector)), row.line)
        if row.commissioning_organisation:
            lines.setdefault(("organisation", key(row.commissioning_organisation)), row.line)
    return lines


def find_damage(session: Session, plan: Plan, rows: list[RegisterRow], tick=None) -> None:
    """Add a problem for every value that is a damaged copy of a stored name or title.

    `tick(count)` is told of the rows passed, every few thousand, when damage is found and
    the rows are gone through for its lines (a progress bar).
    """
    stored = plan.stored
    lines: dict[tuple[str, str], int] = {}

    def damaged(kind: str, identity: str, column: str, value: str, original: str) -> None:
        if not lines:  # damage is rare: the rows are gone through only to name its lines
            lines.update(_last_lines(rows, tick))
        plan.problems.append(
            Problem(lines.get((kind, identity)), column, value, damage_message(original))
        )

    by_id = {course["id"]: course for course in stored.courses.values()}
    codes = {course["id"]: code for code, course in stored.courses.items()}
    for update in plan.updates["courses"]:
        before = by_id[update["id"]]["title"]
        if "title" in update and is_damaged_copy(before, update["title"]):
            damaged("course", codes[update["id"]], "course_title", update["title"], before)
    people = {row["id"]: (identity, row) for identity, row in stored.delegates.items()}
    for update in plan.updates["delegates"]:
        identity, before = people[update["id"]]
        for column in ("first_name", "last_name"):
            if column in update and is_damaged_copy(before[column], update[column]):
                damaged("delegate", identity, column, update[column], before[column])
    organisations = DamageIndex(row["name"] for row in stored.organisation_rows.values())
    for name_key, new in plan.new["organisations"].items():
        original = organisations.original_of(new["name"])
        if original:
            damaged("organisation", name_key, "organisation", new["name"], original)
    sectors = DamageIndex(stored.sector_names.values())
    for sector_key, new in plan.new["sectors"].items():
        original = sectors.original_of(new["name"])
        if original:
            damaged("sector", sector_key, "sector", new["name"], original)
    if plan.new["delegates"]:
        _new_delegates(session, plan, damaged)


def _new_delegates(session: Session, plan: Plan, damaged) -> None:
    """A new delegate matched by name who is a damaged copy of a stored one."""
    if all(new.get("email") for new in plan.new["delegates"].values()):
        return  # each is a new address, so a new person: the stored names need not be read
    names = DamageIndex()
    shown: dict[str, tuple[str, str]] = {}
    for first, last, name_key in session.execute(
        select(Delegate.first_name, Delegate.last_name, Delegate.name_key)
    ):
        if not name_key.isascii():
            names.add(name_key)
            shown[name_key] = (first, last)
    for identity, new in plan.new["delegates"].items():
        if new.get("email"):
            continue  # a new address is a new person, whatever the name
        original = names.original_of(new["name_key"])
        if original:
            first, last = shown[original]
            column = "first_name" if is_damaged_copy(first, new["first_name"]) else "last_name"
            damaged("delegate", identity, column, new[column], f"{first} {last}")


# --- every stored value the import would change --------------------------------------------


def _shown(value) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, datetime):
        return local_text(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def describe_changes(plan: Plan) -> list[str]:
    """Each stored value the plan changes: `Delegate Zoë Adams: last name 'Adam' → 'Adams'`."""
    stored = plan.stored
    org_names = {row["id"]: row["name"] for row in stored.organisation_rows.values()}

    def organisation(name_key):
        if name_key is None:
            return None
        if name_key in plan.new["organisations"]:
            return plan.new["organisations"][name_key]["name"]
        return org_names.get(stored.organisations.get(name_key))

    def sector(sector_key):
        if sector_key in plan.new["sectors"]:
            return plan.new["sectors"][sector_key]["name"]
        return stored.sector_names.get(stored.sectors.get(sector_key))

    courses = {c["id"]: c for c in stored.courses.values()}
    sessions = {s["id"]: s for s in stored.sessions.values()}
    delegates = {d["id"]: d for d in stored.delegates.values()}

    def session_text(session_id) -> str:
        found = sessions.get(session_id)
        if not found:
            return f"session {session_id}"
        code = courses.get(found["course_id"], {}).get("code", "?")
        return f"{code} on {to_local(found['start_at']).strftime('%d %b %Y %H:%M')}"

    def person(delegate_id) -> str:
        found = delegates.get(delegate_id)
        return f"{found['first_name']} {found['last_name']}" if found else f"delegate {delegate_id}"

    references = {
        "organisation": ("organisation_id", organisation),
        "sector": ("sector_id", sector),
        "commissioner": ("commissioning_organisation_id", organisation),
    }
    kinds = {
        "courses": (courses, lambda row: f"Course {row['code']}"),
        "sessions": (sessions, lambda row: f"Session {session_text(row['id'])}"),
        "delegates": (delegates, lambda row: f"Delegate {row['first_name']} {row['last_name']}"),
        "bookings": ({b["id"]: b for b in stored.bookings.values()},
                     lambda row: f"Booking of {person(row['delegate_id'])} on "
                                 f"{session_text(row['session_id'])}"),
        "headcounts": ({h["id"]: h for h in stored.headcounts.values()},
                       lambda row: f"Headcount of {org_names.get(row['organisation_id'])} on "
                                   f"{session_text(row['session_id'])}"),
    }
    out: list[str] = []
    for kind, (existing_by_id, what) in kinds.items():
        for update in plan.updates[kind]:
            existing = existing_by_id.get(update["id"], {"id": update["id"]})
            for field, after in update.items():
                if field == "id" or field in _HIDDEN:
                    continue
                if field in references:
                    column, name_of = references[field]
                    before_text = name_of_id(existing.get(column), org_names, stored, field)
                    after_text = name_of(after)
                else:
                    before_text, after_text = existing.get(field), after
                if _shown(before_text) == _shown(after_text):
                    continue
                label = _LABELS.get(field, field.replace("_", " "))
                out.append(f"{what(existing)}: {label} '{_shown(before_text)}' → "
                           f"'{_shown(after_text)}'")
    return out


def name_of_id(row_id, org_names: dict, stored, field: str):
    if row_id is None:
        return None
    if field == "sector":
        return stored.sector_names.get(row_id)
    return org_names.get(row_id)
