"""Planning a booking-register import: what to add and what to update, compared with the database.

Nothing here writes. New records are referred to by their identity key (course
code, session key, delegate key, organisation and sector name keys) until
register_write gives them ids.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from pscp_training.domain.enums import Agency, Attendance, BookingStatus, SessionStatus
from pscp_training.domain.errors import Problem
from pscp_training.domain.identity import delegate_name_key, email_key
from pscp_training.domain.import_records import RegisterRow, RowKind
from pscp_training.domain.rules import is_late_cancellation
from pscp_training.register.consistency import (
    SessionKey,
    delegate_key,
    describe_session,
    in_steps,
    key,
    session_key,
)
from pscp_training.register.validation import sector_near_miss
from pscp_training.services.imports import register_state as state
from pscp_training.services.imports.register_roles import RoleReader

OTHER_SECTOR = "Other"
_NUMBER_LATER = object()  # a new waiting-list place, numbered once the whole file is read
BOOKED = BookingStatus.BOOKED.value
# Plain values read once: an enum's .value costs a descriptor call, six per booking row.
_WAITLISTED = BookingStatus.WAITLISTED.value
_CANCELLED = BookingStatus.CANCELLED.value
_UNMARKED = Attendance.UNMARKED.value
# Passes over the rows that tick a progress bar: six here, one in register_review.find_damage.
PLAN_PASSES = 7
Tick = Callable[[int], None] | None


@dataclass
class Plan:
    """Rows to insert (by kind) and updates ({"id": .., changed columns}), with references."""

    stored: state.Stored
    new: dict[str, dict] = field(default_factory=lambda: defaultdict(dict))
    updates: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    new_bookings: list[dict] = field(default_factory=list)
    new_headcounts: list[dict] = field(default_factory=list)
    session_ids: dict[SessionKey, int] = field(default_factory=dict)
    delegate_ids: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        added = {kind: len(rows) for kind, rows in self.new.items()}
        added["bookings"] = len(self.new_bookings)
        added["headcounts"] = len(self.new_headcounts)
        updated = {kind: len(rows) for kind, rows in self.updates.items()}
        return added, updated


def _changes(existing: dict, wanted: dict) -> dict:
    return {name: value for name, value in wanted.items() if existing.get(name) != value}


def plan_register(
    session: Session,
    rows: list[RegisterRow],
    present: frozenset[str],
    notice_days: int,
    *,
    lock: bool = False,
    tick: Tick = None,
) -> Plan:
    """Compare the file's rows with what is stored; problems for what the database forbids.

    With `lock` (an import that will write), the existing sessions the file
    touches are locked before their bookings are read, so a booking made at the
    same moment can neither overbook them nor be overwritten by the import.
    `tick(count)` is told of the rows passed (six passes at most), every few thousand.
    """
    stored = state.Stored()
    state.load_people_and_places(session, stored)
    state.load_courses(session, stored)
    plan = Plan(stored)
    _plan_sectors_and_organisations(plan, rows, tick)
    _plan_courses(plan, rows, present, tick)
    if plan.problems:
        return plan
    _plan_sessions(session, plan, rows, present, lock, tick)
    _plan_delegates(session, plan, rows, present, tick)
    _plan_bookings(session, plan, rows, present, notice_days, tick)
    return plan


def _plan_sectors_and_organisations(plan: Plan, rows: list[RegisterRow], tick: Tick) -> None:
    stored = plan.stored
    organisation_sector: dict[str, tuple[str, str]] = {}
    commissioners: dict[str, tuple[str, int]] = {}
    sectors: dict[str, tuple[str, int]] = {}
    for row in in_steps(rows, tick):
        if row.organisation:
            organisation_sector[key(row.organisation)] = (row.organisation, row.sector)
            sectors.setdefault(key(row.sector), (row.sector, row.line))
        if row.commissioning_organisation:
            commissioners.setdefault(key(row.commissioning_organisation),
                                     (row.commissioning_organisation, row.line))
    for name_key, (name, line) in commissioners.items():
        if name_key not in stored.organisations and name_key not in organisation_sector:
            organisation_sector[name_key] = (name, OTHER_SECTOR)
            sectors.setdefault(key(OTHER_SECTOR), (OTHER_SECTOR, line))
            plan.warnings.append(
                f"The commissioning organisation '{name}' (line {line}) is not on the organisation "
                f"register and no row gives its sector; it was added under '{OTHER_SECTOR}'."
            )
    order = stored.last_sector_order
    listed = list(stored.sector_names.values())
    for sector_key, (name, line) in sectors.items():
        if sector_key not in stored.sectors:
            resembles = sector_near_miss(name, listed)
            if resembles is not None:
                plan.problems.append(Problem(
                    line, "sector", name,
                    f"'{name}' is not on the list of sectors but is nearly '{resembles}': write "
                    f"'{resembles}' (or add '{name}' in Settings first if it really is another "
                    "sector).",
                ))
                continue
            order += 1
            plan.new["sectors"][sector_key] = {"name": " ".join(name.split()), "sort_order": order}
            plan.warnings.append(
                f"The sector '{name}' (line {line}) was not on the list of sectors; it was added."
            )
    for name_key, (name, sector) in organisation_sector.items():
        if name_key not in stored.organisations:
            plan.new["organisations"][name_key] = {
                "name": " ".join(name.split()), "name_key": name_key, "sector": key(sector),
            }


def _plan_courses(plan: Plan, rows: list[RegisterRow], present: frozenset[str], tick: Tick) -> None:
    last: dict[str, RegisterRow] = {}
    first_line: dict[str, int] = {}
    for row in in_steps(rows, tick):
        course = key(row.course_code)
        last[course] = row
        first_line.setdefault(course, row.line)
    for course, row in last.items():
        wanted = {"title": row.course_title}
        if "course_category" in present:
            wanted["category"] = row.course_category
        existing = plan.stored.courses.get(course)
        if existing is None:
            wanted.update(code=row.course_code, agency=row.agency.value)
            wanted.setdefault("category", None)
            plan.new["courses"][course] = wanted
            continue
        if existing["agency"] != row.agency.value:
            plan.problems.append(
                Problem(
                    first_line[course], "agency", row.agency.value,
                    f"Course {existing['code']} is already in the app as “{existing['agency']}”; "
                    "a course's agency decides which table of the yearly report it counts in, so "
                    "the file must agree (or change the course in the catalogue first).",
                )
            )
        changed = _changes(existing, wanted)
        if changed:
            plan.updates["courses"].append({"id": existing["id"], **changed})


def _plan_sessions(
    session: Session, plan: Plan, rows: list[RegisterRow], present, lock: bool, tick: Tick
) -> None:
    stored = plan.stored
    last: dict[SessionKey, RegisterRow] = {}
    for row in in_steps(rows, tick):
        last[session_key(row)] = row
    course_ids = {stored.courses[c]["id"] for c, _ in last if c in stored.courses}
    if course_ids:
        starts = [start for _, start in last]
        state.load_sessions(session, stored, course_ids, min(starts), max(starts))
    if lock:
        touched = (
            stored.sessions.get((stored.courses[course]["id"], start))
            for course, start in last
            if course in stored.courses
        )
        state.lock_sessions(session, stored, [found["id"] for found in touched if found])
    for skey, row in last.items():
        wanted: dict = {"delivery": row.delivery.value}
        optional = {
            "session_end": ("end_at", row.session_end),
            "venue": ("venue", row.venue),
            "capacity": ("capacity", row.capacity),
            "trainer": ("trainers", row.trainers),
            "session_status": ("status", row.session_status.value if row.session_status else None),
        }
        for column, (name, value) in optional.items():
            if column in present:
                wanted[name] = value
        commissioner = key(row.commissioning_organisation) if row.commissioning_organisation else None
        course = stored.courses.get(skey[0])
        existing = stored.sessions.get((course["id"], row.session_start)) if course else None
        if existing is None:
            wanted.setdefault("status", SessionStatus.SCHEDULED.value)
            wanted.update(course=skey[0], start_at=row.session_start, commissioner=commissioner)
            plan.new["sessions"][skey] = wanted
            continue
        plan.session_ids[skey] = existing["id"]
        changed = _changes(existing, wanted)
        target = stored.organisations.get(commissioner) if commissioner else None
        if ("commissioning_organisation" in present or row.agency is Agency.MULTI) and (
            target != existing["commissioning_organisation_id"] or (commissioner and target is None)
        ):
            changed["commissioner"] = commissioner
        if changed:
            plan.updates["sessions"].append({"id": existing["id"], **changed})


def _plan_delegates(
    session: Session, plan: Plan, rows: list[RegisterRow], present, tick: Tick
) -> None:
    stored = plan.stored
    last: dict[str, RegisterRow] = {}
    for row in in_steps(rows, tick):
        if row.kind is RowKind.BOOKING:
            last[delegate_key(row)] = row
    state.load_delegates(session, stored, last)
    roles = RoleReader(session) if "job_role" in present else None
    for identity, row in in_steps(list(last.items()), tick):
        organisation = key(row.organisation)
        wanted = {
            "first_name": row.first_name,
            "last_name": row.last_name,
            "name_key": delegate_name_key(row.first_name, row.last_name, row.organisation),
        }
        if row.email:
            wanted.update(email=row.email, email_key=email_key(row.email))
        if "job_role" in present:
            wanted["job_role"] = row.job_role
        if row.phone:  # a blank phone leaves a number taken down in the app alone
            wanted["phone"] = row.phone
        existing = stored.delegates.get(identity)
        if roles is not None:
            roles.read(row, existing, wanted)
        if existing is None:
            wanted.setdefault("job_role", None)
            wanted.setdefault("phone", None)
            wanted.setdefault("safeguarding_role", None)
            wanted.setdefault("email", None)
            wanted.setdefault("email_key", None)
            plan.new["delegates"][identity] = {**wanted, "organisation": organisation}
            continue
        plan.delegate_ids[identity] = existing["id"]
        changed = _changes(existing, wanted)
        org_id = stored.organisations.get(organisation)
        if org_id is None or org_id != existing["organisation_id"]:
            changed["organisation"] = organisation
        if changed:
            plan.updates["delegates"].append({"id": existing["id"], **changed})
    if roles is not None:
        plan.warnings.extend(roles.warnings())


def _plan_bookings(
    session, plan: Plan, rows: list[RegisterRow], present, notice_days, tick: Tick
) -> None:
    stored = plan.stored
    last_place = state.load_bookings(session, stored, plan.session_ids.values())
    # New waiting-list places are numbered after the loop: in booked_at order, then file order.
    waiting: dict[SessionKey, list[tuple]] = defaultdict(list)
    booked: dict[SessionKey, int] = defaultdict(int)
    for (session_id, _), existing in stored.bookings.items():
        if existing["status"] == BOOKED:
            booked[session_id] += 1  # keyed by id for now; moved to session keys below
    by_id = {session_id: skey for skey, session_id in plan.session_ids.items()}
    booked = defaultdict(int, {by_id[sid]: n for sid, n in booked.items() if sid in by_id})
    first_line: dict[SessionKey, RegisterRow] = {}
    for row in in_steps(rows, tick):
        skey = session_key(row)
        first_line.setdefault(skey, row)
        session_id = plan.session_ids.get(skey)
        if row.kind is RowKind.HEADCOUNT:
            _plan_headcount(plan, row, skey, session_id)
            continue
        if row.kind is not RowKind.BOOKING:
            continue
        identity = delegate_key(row)
        delegate_id = plan.delegate_ids.get(identity)
        existing = stored.bookings.get((session_id, delegate_id)) if session_id and delegate_id else None
        old = existing or {}
        status = row.booking_status._value_
        if status == _WAITLISTED and old.get("status") == status:
            place = old["waitlist_position"]
        elif status == _WAITLISTED:
            place = _NUMBER_LATER
        else:
            place = None
        is_booked = status == BOOKED
        wanted = {
            "status": status,
            "waitlist_position": place,
            "booked_at": row.booked_at if "booked_at" in present else old.get("booked_at"),
            "cancelled_at": None,
            "late_cancellation": False,
            "attendance": _UNMARKED,
            "walk_in": False,
        }
        if status == _CANCELLED:
            cancelled_at = row.cancelled_at if "cancelled_at" in present else old.get("cancelled_at")
            wanted["cancelled_at"] = cancelled_at
            if old.get("status") == status and old.get("cancelled_at") == cancelled_at:
                wanted["late_cancellation"] = old["late_cancellation"]
            elif cancelled_at is not None:
                wanted["late_cancellation"] = is_late_cancellation(
                    cancelled_at, row.session_start, notice_days
                )
        if is_booked:
            wanted["attendance"] = (
                row.attendance._value_ if row.attendance is not None
                else old.get("attendance", _UNMARKED)
            )
            wanted["walk_in"] = row.walk_in if row.walk_in is not None else old.get("walk_in", False)
        booked[skey] += int(is_booked) - int(old.get("status") == BOOKED)
        organisation, sector = key(row.organisation), key(row.sector)
        if existing is None:
            plan.new_bookings.append(
                {**wanted, "session": skey, "delegate": identity,
                 "organisation": organisation, "sector": sector}
            )
            if place is _NUMBER_LATER:
                waiting[skey].append((row.booked_at, row.line, plan.new_bookings[-1], None))
            continue
        changed = _changes(existing, wanted)
        if place is _NUMBER_LATER:
            changed.pop("waitlist_position", None)
            waiting[skey].append((row.booked_at, row.line, changed, existing))
        if stored.organisations.get(organisation) != existing["organisation_id"] or (
            organisation not in stored.organisations
        ):
            changed["organisation"] = organisation
        if stored.sectors.get(sector) != existing["sector_id"] or sector not in stored.sectors:
            changed["sector"] = sector
        if changed and place is not _NUMBER_LATER:  # a new place is numbered (and added) below
            plan.updates["bookings"].append({"id": existing["id"], **changed})
    _number_waiting_lists(plan, waiting, last_place)
    _warn_over_capacity(plan, booked, first_line)


def _number_waiting_lists(plan: Plan, waiting: dict, last_place: dict[int, int]) -> None:
    """Give new waiting-list places their numbers: by booked_at (none last), then file order."""
    for skey, entries in waiting.items():
        place = last_place.get(plan.session_ids.get(skey), 0)
        entries.sort(key=lambda e: (e[0] is None, e[0] or 0, e[1]))
        for _booked_at, _line, target, existing in entries:
            place += 1
            target["waitlist_position"] = place
            if existing is not None:
                plan.updates["bookings"].append({"id": existing["id"], **target})


def _plan_headcount(plan: Plan, row: RegisterRow, skey: SessionKey, session_id: int | None) -> None:
    stored = plan.stored
    organisation, sector = key(row.organisation), key(row.sector)
    org_id = stored.organisations.get(organisation)
    existing = stored.headcounts.get((session_id, org_id)) if session_id and org_id else None
    if existing is None:
        plan.new_headcounts.append(
            {"session": skey, "organisation": organisation, "sector": sector, "count": row.headcount}
        )
        return
    changed = _changes(existing, {"count": row.headcount})
    if stored.sectors.get(sector) != existing["sector_id"] or sector not in stored.sectors:
        changed["sector"] = sector
    if changed:
        plan.updates["headcounts"].append({"id": existing["id"], **changed})


def _warn_over_capacity(plan: Plan, booked: dict, rows: dict[SessionKey, RegisterRow]) -> None:
    stored = plan.stored
    changed = {u["id"]: u["capacity"] for u in plan.updates["sessions"] if "capacity" in u}
    for skey, row in rows.items():
        new = plan.new["sessions"].get(skey)
        if new is not None:
            capacity = new.get("capacity")
        else:
            session_id = plan.session_ids[skey]
            existing = stored.sessions[(stored.courses[skey[0]]["id"], skey[1])]
            capacity = changed.get(session_id, existing["capacity"])
        if capacity is not None and booked.get(skey, 0) > capacity:
            plan.warnings.append(
                f"{describe_session(row)} (line {row.line}) has {booked[skey]} confirmed places "
                f"for a capacity of {capacity}; kept as recorded (walk-ins are counted)."
            )
