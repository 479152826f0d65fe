"""The demo data: the annual report's published figures, exactly, and a live coming term."""

import random
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from pscp_training.db.models import Booking, Delegate, Organisation, Sector
from pscp_training.db.models_evaluation import Evaluation
from pscp_training.domain.errors import Cancelled, InputError, RuleViolation
from pscp_training.domain.years import FinancialYear
from pscp_training.reports.workforce import compute
from pscp_training.services.demo import SEED, load_demo
from pscp_training.services.demo.catalogue import COURSES
from pscp_training.services.demo.history import plan_history
from pscp_training.services.demo.organisations import demo_organisations
from pscp_training.services.demo.plan import DemoPlan
from pscp_training.services.evaluations import evaluation_summaries
from pscp_training.services.people import people
from pscp_training.services.sessions import catalogue

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


def _counts(db):
    with db.read() as s:
        statuses = dict(
            s.execute(select(Booking.status, func.count()).group_by(Booking.status)).all()
        )
        late = s.scalar(select(func.count()).where(Booking.late_cancellation.is_(True)))
        walk_ins = s.scalar(select(func.count()).where(Booking.walk_in.is_(True)))
        register = dict(
            s.execute(
                select(Organisation.org_type, func.count())
                .join(Sector, Sector.id == Organisation.sector_id)
                .where(Organisation.registered.is_(True), Sector.name == "Education")
                .group_by(Organisation.org_type)
            ).all()
        )
    return statuses, late, walk_ins, register


def test_the_demo_reproduces_the_annual_report_and_has_live_work(db):
    steps = []
    summary = load_demo(db, now=NOW, progress=lambda done, total: steps.append((done, total)))
    assert steps[-1][0] == steps[-1][1] and [d for d, _ in steps] == sorted(d for d, _ in steps)
    assert summary.schools == 69 and summary.years == ("2020-21", "2021-22", "2022-23")

    report = compute(db, FinancialYear(2022), now=NOW).to_dict()
    assert report["multi_agency"] == {
        "2020-21": {"courses_run": 129, "bookings": 1972, "attendances": 1556,
                    "booking_attendance_pct": 78.9},
        "2021-22": {"courses_run": 134, "bookings": 1636, "attendances": 1337,
                    "booking_attendance_pct": 81.72},
        "2022-23": {"courses_run": 127, "bookings": 1766, "attendances": 1416,
                    "booking_attendance_pct": 80.18},
    }
    assert report["single_agency"] == {
        "2020-21": {"courses_run": 17, "booking_attendances": 408},
        "2021-22": {"courses_run": 27, "booking_attendances": 1220},
        "2022-23": {"courses_run": 63, "booking_attendances": 1506},
    }
    assert report["change_pct"]["multi_agency"]["courses_run"] == -5.2
    assert report["engagement"] == [{"year": "2022-23", "category": "DSL", "sector": "Education",
                                     "organisations": 69, "engaged": 52, "pct": 75.4}]
    assert report["warnings"] == []
    for year, by_sector in report["attendance_by_sector"].items():
        top_two = sorted(by_sector, key=by_sector.get, reverse=True)[:2]
        assert top_two == ["Education", "Portsmouth City Council"], year
        assert sum(by_sector.values()) == report["multi_agency"][year]["attendances"]

    statuses, late, walk_ins, register = _counts(db)
    assert register == {"All-through school": 1, "Primary school": 47, "Secondary school": 10,
                        "Special school": 5, "FE college": 1, "Independent school": 5}
    assert statuses["cancelled"] > 100 and statuses["waitlisted"] > 20
    assert statuses["substituted"] > 10 and late > 5 and walk_ins > 10
    sectors = {o.sector for o in people.list_organisations(db)}
    assert {"Early Years", "Portsmouth City Council", "Health", "Police",
            "Voluntary & Community"} <= sectors
    with db.read() as s:
        names = {f"{first} {last}" for first, last in s.execute(
            select(Delegate.first_name, Delegate.last_name))}
    assert {"Siobhán Ó Súilleabháin", "Łukasz Wiśniewski", "Zoë O'Brien", "Thảo Nguyễn",
            "Aoife O'Brien"} <= names

    coming = catalogue.list_sessions(db, catalogue.SessionFilter(starts_from=NOW))
    scheduled = [s for s in coming if s.status.value == "scheduled"]
    assert len(scheduled) >= 20
    assert any(s.waitlisted > 0 for s in scheduled)
    assert any(s.capacity and 0 < s.booked < s.capacity for s in scheduled)
    this_year = compute(db, FinancialYear.of(NOW), years=1, now=NOW)
    assert this_year.multi_agency[0].courses_run > 50 and this_year.multi_agency[0].attendances
    assert this_year.warnings[0].startswith("2026-27: 3 sessions that ran have an unmarked")

    with pytest.raises(RuleViolation, match="already holds"):
        load_demo(db, now=NOW)
    assert _counts(db)[0] == statuses


def test_the_demo_is_refused_before_its_history_has_ended_and_can_be_stopped(db):
    with pytest.raises(InputError, match="after 31 March 2023"):
        load_demo(db, now=datetime(2023, 3, 31, 22, 0, tzinfo=UTC))  # 23:00 in London
    with pytest.raises(Cancelled):
        load_demo(db, now=NOW, progress=lambda done, total: done < 3)
    assert people.list_organisations(db) == []
    assert catalogue.list_courses(db) == []


def test_the_demo_history_is_the_same_every_time():
    def history():
        plan = DemoPlan(random.Random(SEED), demo_organisations(), COURSES)
        plan_history(plan)
        return [(b.session, b.delegate, b.status, b.attendance) for b in plan.bookings]

    assert history() == history()


def test_every_recent_year_has_a_sensible_report_and_evaluations_to_read(db):
    """The years between the published ones and this one are not empty; nor is the Evaluations tab."""
    summary = load_demo(db, now=NOW)
    assert summary.evaluations > 1000
    report = compute(db, FinancialYear(2025), years=4, now=NOW)
    assert report.years == ("2022-23", "2023-24", "2024-25", "2025-26")
    published = report.multi_agency[0]
    assert (published.courses_run, published.bookings, published.attendances) == (127, 1766, 1416)
    for multi, single, sectors in zip(report.multi_agency[1:], report.single_agency[1:],
                                      report.attendance_by_sector[1:], strict=True):
        # Smaller than or similar to 2022-23, as a partnership's year-on-year figures are.
        assert 100 <= multi.courses_run <= 135, multi
        assert 1200 <= multi.bookings <= 1850, multi
        assert 75 <= multi.booking_attendance_pct <= 86, multi
        assert 35 <= single.courses_run <= 70 and 800 <= single.booking_attendances <= 1700
        by_sector = dict(sectors.by_sector)
        assert sorted(by_sector, key=by_sector.get, reverse=True)[:2] == [
            "Education", "Portsmouth City Council"]
    assert report.warnings == ()
    assert all(change is not None for change in report.change_pct()["multi_agency"].values())

    for year in (FinancialYear(2023), FinancialYear(2025), FinancialYear(2026)):
        evaluations = evaluation_summaries.summarise_year(db, year)
        assert 0.3 <= evaluations.response_rate <= 0.75, (year, evaluations.response_rate)
        assert evaluations.confidence.improved > evaluations.confidence.answered / 2
        assert 3.5 <= evaluations.rating("overall_rating").mean <= 4.7
        assert len(evaluations.comments) >= 10
    with db.read() as s:
        rows = s.execute(
            select(Evaluation.consent_to_quote, Evaluation.practice_change, Booking.attendance)
            .join(Booking, Booking.id == Evaluation.booking_id)
        ).all()
    assert {attended for _, _, attended in rows} == {"attended"}
    # Comments both with and without consent to quote them.
    assert {consent for consent, comment, _ in rows if comment} == {True, False}
