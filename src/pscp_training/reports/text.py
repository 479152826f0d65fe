"""The workforce report as plain text: the annual report's tables, change sentences, warnings."""

from collections.abc import Sequence

from pscp_training.reports.figures import WorkforceReport


def _clause(pct: float | None, what: str) -> str | None:
    if pct is None:
        return None
    if pct == 0:
        return f"no change in {what}"
    direction = "increase" if pct > 0 else "decrease"
    return f"a {abs(pct):.1f}% {direction} in {what}"


def _join(clauses: Sequence[str]) -> str:
    if len(clauses) == 1:
        return clauses[0]
    return ", ".join(clauses[:-1]) + " and " + clauses[-1]


def change_sentences(report: WorkforceReport) -> list[str]:
    """The annual report's sentences on the change from the year before, for the last year.

    Empty when the report covers a single year; a figure whose previous value
    was 0 is left out, as no percentage can be given for it.
    """
    if len(report.years) < 2:
        return []
    this, before = report.years[-1], report.years[-2]
    change = report.change_pct()
    multi, single = change["multi_agency"], change["single_agency"]
    sentences: list[str] = []

    courses = _clause(multi["courses_run"], "the number of multi-agency training courses run")
    rest = [
        c
        for c in (
            _clause(multi["bookings"], "bookings"),
            _clause(multi["attendances"], "attendance"),
        )
        if c
    ]
    fewer_courses_more_bookings = (
        multi["courses_run"] is not None
        and multi["bookings"] is not None
        and multi["courses_run"] < 0 < multi["bookings"]
    )
    if courses and rest and fewer_courses_more_bookings:
        sentences.append(
            f"Despite {courses} in {this} compared to {before}, there was {_join(rest)}."
        )
    elif courses or rest:
        clauses = [c for c in (courses, *rest) if c]
        sentences.append(f"In {this} compared to {before}, there was {_join(clauses)}.")

    single_clauses = [
        c
        for c in (
            _clause(single["courses_run"], "the number of single-agency (bespoke) courses run"),
            _clause(single["booking_attendances"], "single-agency booking attendances"),
        )
        if c
    ]
    if single_clauses:
        sentences.append(f"In {this} compared to {before}, there was {_join(single_clauses)}.")
    return sentences


def _number(value: int) -> str:
    return f"{value:,}"


def _pct(value: float | None, places: int = 2) -> str:
    return "-" if value is None else f"{value:.{places}f}%"


def _signed(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.1f}%"


def _table(title: str, years: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    headers = [title, *years]
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = [
        "  ".join(
            str(cell).ljust(w) if i == 0 else str(cell).rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in [headers, *rows]
    ]
    lines.insert(1, "-" * len(lines[0]))
    return lines


def _reasons_table(report: WorkforceReport) -> list[str]:
    """Absences and late cancellations of the last year by reason, with their total."""
    rows = [*report.non_attendance, report.non_attendance_total()]
    return _table(
        f"Reasons for non-attendance {report.last_year}",
        ["Absences", "Late cancellations", "Total"],
        [
            [r.reason, _number(r.absences), _number(r.late_cancellations), _number(r.total)]
            for r in rows
        ],
    )


def render_text(report: WorkforceReport) -> str:
    """The report as a person reads it on a terminal or pastes it into an email."""
    years = list(report.years)
    change = report.change_pct()
    with_change = len(years) >= 2
    heading = [*years, "Change"] if with_change else years

    def row(label, values, change_value=None, formatter=_number):
        cells = [label, *(formatter(v) for v in values)]
        return [*cells, _signed(change_value)] if with_change else cells

    m, s = change["multi_agency"], change["single_agency"]
    walk_ins = report.walk_ins_change_pct()
    multi = report.multi_agency
    single = report.single_agency
    lines = [f"Workforce development report {report.last_year}", ""]
    lines += _table(
        "Multi-agency training data",
        heading,
        [
            row("Number of courses run", [y.courses_run for y in multi], m["courses_run"]),
            row("Number of bookings", [y.bookings for y in multi], m["bookings"]),
            row("Number of attendances", [y.attendances for y in multi], m["attendances"]),
            row(
                "  of which walk-ins",
                [y.walk_ins for y in multi],
                walk_ins["multi_agency"],
            ),
            row(
                "Booking attendance %",
                [y.booking_attendance_pct for y in multi],
                m["booking_attendance_pct"],
                _pct,
            ),
        ],
    )
    lines.append("")
    lines += _table(
        "Single agency data",
        heading,
        [
            row("Number of courses run", [y.courses_run for y in single], s["courses_run"]),
            row(
                "Booking attendances",
                [y.booking_attendances for y in single],
                s["booking_attendances"],
            ),
            row(
                "  of which walk-ins",
                [y.walk_ins for y in single],
                walk_ins["single_agency"],
            ),
        ],
    )
    lines.append("")
    sectors = [name for name, _ in report.attendance_by_sector[0].by_sector]
    lines += _table(
        "Multi-agency attendance by sector",
        years,
        [
            [name, *(_number(a.as_dict()[name]) for a in report.attendance_by_sector)]
            for name in sectors
        ],
    )
    if report.engagement:
        lines += ["", f"Engagement in {report.last_year}"]
        for e in report.engagement:
            lines.append(
                f"  {e.category} training, {e.sector}: {e.engaged:,} of {e.organisations:,} "
                f"organisations on the register ({_pct(e.pct, 1)})"
            )
    if report.non_attendance:
        lines += ["", *_reasons_table(report)]
    sentences = change_sentences(report)
    if sentences:
        lines += ["", "Change on the previous year", *(f"  {s}" for s in sentences)]
    if report.warnings:
        lines += ["", "Warnings", *(f"  - {w}" for w in report.warnings)]
    return "\n".join(lines) + "\n"
