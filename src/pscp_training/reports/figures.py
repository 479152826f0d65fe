"""The workforce report's result: frozen figures per year, change, engagement, warnings."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from pscp_training.domain.follow_up_records import ReasonCount


def rounded(value: Fraction | None, places: int) -> float | None:
    """A ratio rounded half-up (as a person rounds), not to the float nearest an even digit."""
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def percent(part: int, whole: int) -> Fraction | None:
    return Fraction(part * 100, whole) if whole else None


def change(this: Fraction | int | None, previous: Fraction | int | None) -> Fraction | None:
    """(this - previous) / previous x 100; None when the previous figure is 0 or unknown."""
    if this is None or previous is None or previous == 0:
        return None
    return (Fraction(this) - Fraction(previous)) * 100 / Fraction(previous)


@dataclass(frozen=True)
class MultiAgencyYear:
    year: str
    courses_run: int
    bookings: int
    attendances: int
    # Walk-ins are counted in both the bookings and the attendances above; shown apart.
    walk_ins: int = 0

    @property
    def attendance_ratio(self) -> Fraction | None:
        return percent(self.attendances, self.bookings)

    @property
    def booking_attendance_pct(self) -> float | None:
        return rounded(self.attendance_ratio, 2)


@dataclass(frozen=True)
class SingleAgencyYear:
    year: str
    courses_run: int
    named_attendances: int
    headcount: int
    # Walk-ins are among the named attendances; shown apart.
    walk_ins: int = 0

    @property
    def booking_attendances(self) -> int:
        return self.named_attendances + self.headcount


@dataclass(frozen=True)
class SectorAttendance:
    """Multi-agency attendances of one year by sector, every sector on the list in its order."""

    year: str
    by_sector: tuple[tuple[str, int], ...]

    def as_dict(self) -> dict[str, int]:
        return dict(self.by_sector)


@dataclass(frozen=True)
class Engagement:
    year: str
    category: str
    sector: str
    organisations: int
    engaged: int

    @property
    def pct(self) -> float | None:
        return rounded(percent(self.engaged, self.organisations), 1)


@dataclass(frozen=True)
class WorkforceReport:
    """Everything the report shows; every output format renders this one object."""

    years: tuple[str, ...]
    multi_agency: tuple[MultiAgencyYear, ...]
    single_agency: tuple[SingleAgencyYear, ...]
    attendance_by_sector: tuple[SectorAttendance, ...]
    engagement: tuple[Engagement, ...]
    warnings: tuple[str, ...]
    # The last year's absences and late cancellations by reason, every reason on the list
    # in its order, then those with none recorded. Not part of the JSON contract: a report
    # read back from JSON has none.
    non_attendance: tuple[ReasonCount, ...] = ()

    @property
    def last_year(self) -> str:
        return self.years[-1]

    def non_attendance_total(self) -> ReasonCount:
        """All the last year's absences and late cancellations, whatever the reason."""
        return ReasonCount(
            "Total",
            sum(r.absences for r in self.non_attendance),
            sum(r.late_cancellations for r in self.non_attendance),
        )

    def walk_ins_change_pct(self) -> dict[str, float | None]:
        """Change in walk-ins of the last year on the one before it, rounded to 1 decimal."""
        result = {}
        for name, rows in (
            ("multi_agency", self.multi_agency),
            ("single_agency", self.single_agency),
        ):
            previous, this = self._last_two(rows)
            before = previous.walk_ins if previous is not None else None
            result[name] = rounded(change(this.walk_ins, before), 1)
        return result

    def _last_two(self, rows):
        return (rows[-2], rows[-1]) if len(rows) >= 2 else (None, rows[-1])

    def change_pct(self) -> dict[str, dict[str, float | None]]:
        """Change of the last year on the one before it, each figure rounded to 1 decimal."""
        prev_m, this_m = self._last_two(self.multi_agency)
        prev_s, this_s = self._last_two(self.single_agency)

        def one(this, previous, name):
            before = getattr(previous, name) if previous is not None else None
            return rounded(change(getattr(this, name), before), 1)

        return {
            "multi_agency": {
                "courses_run": one(this_m, prev_m, "courses_run"),
                "bookings": one(this_m, prev_m, "bookings"),
                "attendances": one(this_m, prev_m, "attendances"),
                "booking_attendance_pct": one(this_m, prev_m, "attendance_ratio"),
            },
            "single_agency": {
                "courses_run": one(this_s, prev_s, "courses_run"),
                "booking_attendances": one(this_s, prev_s, "booking_attendances"),
            },
        }

    @classmethod
    def from_dict(cls, data: dict) -> "WorkforceReport":
        """The report back from its JSON (to word change sentences from a saved report).

        Single-agency attendances come back as one total, not split into named and headcount.
        """
        years = tuple(data["years"])
        multi, single = data["multi_agency"], data["single_agency"]
        return cls(
            years=years,
            multi_agency=tuple(
                MultiAgencyYear(
                    y, multi[y]["courses_run"], multi[y]["bookings"], multi[y]["attendances"]
                )
                for y in years
            ),
            single_agency=tuple(
                SingleAgencyYear(y, single[y]["courses_run"], single[y]["booking_attendances"], 0)
                for y in years
            ),
            attendance_by_sector=tuple(
                SectorAttendance(y, tuple(data["attendance_by_sector"][y].items())) for y in years
            ),
            engagement=tuple(
                Engagement(e["year"], e["category"], e["sector"], e["organisations"], e["engaged"])
                for e in data.get("engagement", [])
            ),
            warnings=tuple(data.get("warnings", [])),
        )

    def to_dict(self) -> dict:
        """The JSON contract of spec/workforce-report.md, exactly.

        Walk-ins and the reasons for non-attendance are left out on purpose: other tools
        rely on these keys and no others.
        """
        return {
            "years": list(self.years),
            "multi_agency": {
                m.year: {
                    "courses_run": m.courses_run,
                    "bookings": m.bookings,
                    "attendances": m.attendances,
                    "booking_attendance_pct": m.booking_attendance_pct,
                }
                for m in self.multi_agency
            },
            "single_agency": {
                s.year: {"courses_run": s.courses_run, "booking_attendances": s.booking_attendances}
                for s in self.single_agency
            },
            "attendance_by_sector": {a.year: a.as_dict() for a in self.attendance_by_sector},
            "change_pct": self.change_pct(),
            "engagement": [
                {
                    "year": e.year,
                    "category": e.category,
                    "sector": e.sector,
                    "organisations": e.organisations,
                    "engaged": e.engaged,
                    "pct": e.pct,
                }
                for e in self.engagement
            ],
            "warnings": list(self.warnings),
        }
