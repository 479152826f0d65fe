"""Generated malformed registers and evaluation files: a clear refusal or a clean import, never a crash.

Each example starts from a valid file and breaks it the ways real files
arrive broken (cells garbled, columns missing or doubled, dates and numbers
mangled, stray bytes, a file cut short). Whatever happens must be either a
clean import or a ValidationFailed/InputError, and a refusal must leave
every table exactly as it was.
"""

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pscp_training.db.all_models import metadata
from pscp_training.domain.errors import InputError
from pscp_training.services.evaluations.evaluation_import import import_evaluations
from pscp_training.services.imports.register_import import import_register

HOSTILE = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run and both databases
)

REGISTER_HEADER = [
    "course_code",
    "course_title",
    "agency",
    "commissioning_organisation",
    "session_start",
    "session_end",
    "delivery",
    "capacity",
    "first_name",
    "last_name",
    "email",
    "organisation",
    "sector",
    "booking_status",
    "attendance",
    "walk_in",
    "headcount",
]
REGISTER_ROWS = [
    [
        "DSL-REF",
        "DSL refresher",
        "multi",
        "",
        "2022-06-15 09:30",
        "2022-06-15 12:30",
        "in_person",
        "10",
        "Ann",
        "Archer",
        "ann.archer@school.org",
        "Harbour School",
        "Education",
        "booked",
        "attended",
        "no",
        "",
    ],
    [
        "DSL-REF",
        "DSL refresher",
        "multi",
        "",
        "2022-06-15 09:30",
        "2022-06-15 12:30",
        "in_person",
        "10",
        "Bob",
        "Baker",
        "bob.baker@health.nhs.uk",
        "Harbour Health",
        "Health",
        "booked",
        "absent",
        "",
        "",
    ],
    [
        "INSET",
        "Whole-school training",
        "single",
        "Harbour School",
        "2022-05-03",
        "",
        "online",
        "",
        "",
        "",
        "",
        "Harbour School",
        "Education",
        "",
        "",
        "",
        "12",
    ],
]
EVALUATION_HEADER = [
    "email",
    "course_code",
    "session_date",
    "overall_rating",
    "objectives_met",
    "confidence_before",
    "confidence_after",
    "practice_change",
    "other_comments",
    "consent_to_quote",
]
EVALUATION_ROWS = [
    [
        "ann.archer@school.org",
        "DSL-REF",
        "15/06/2022",
        "5",
        "4",
        "3",
        "8",
        "Write it down",
        "",
        "yes",
    ],
    ["bob.baker@health.nhs.uk", "dsl-ref", "2022-06-15", "4", "5", "5", "7", "", "More time", "no"],
]

NASTY_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            '=HYPERLINK("http://x")',
            "-1",
            "1e9",
            "NaN",
            "None",
            "null",
            "31/02/2022",
            "2022-13-45 25:61",
            "９",
            "½",
            "0x10",
            "\u202e",
            "\x00",
            "'; DROP TABLE bookings; --",
            "9" * 40,
            "Zoë\u0308",
            "yes please",
            "MULTI ",
            "In-Person",
            "waitlisted",
            "cancelled",
        ]
    ),
)


@st.composite
def broken_table(draw, header: list[str], rows: list[list[str]]) -> bytes:
    """A valid table with a few generated injuries, written as CSV bytes."""
    header = list(header)
    body = [list(r) for r in draw(st.lists(st.sampled_from(rows), min_size=0, max_size=6))]
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["cell", "drop", "double", "rename", "ragged", "blank"]))
        if kind == "cell" and body:
            r = draw(st.integers(0, len(body) - 1))
            c = draw(st.integers(0, len(header) - 1))
            if c < len(body[r]):
                body[r][c] = draw(NASTY_TEXT)
        elif kind == "drop" and header:
            c = draw(st.integers(0, len(header) - 1))
            header.pop(c)
            for row in body:
                if c < len(row):
                    row.pop(c)
        elif kind == "double" and header:
            c = draw(st.integers(0, len(header) - 1))
            header.append(header[c])
            for row in body:
                row.append(row[c] if c < len(row) else "")
        elif kind == "rename" and header:
            header[draw(st.integers(0, len(header) - 1))] = draw(NASTY_TEXT)
        elif kind == "ragged" and body:
            body[draw(st.integers(0, len(body) - 1))].extend(draw(st.lists(NASTY_TEXT, max_size=3)))
        elif kind == "blank":
            body.append([""] * len(header))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(body)
    data = out.getvalue().encode("utf-8")
    ending = draw(st.sampled_from(["whole", "cut", "bytes", "bom"]))
    if ending == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif ending == "bytes":
        data += draw(st.binary(max_size=30))
    elif ending == "bom":
        data = b"\xef\xbb\xbf" + data
    return data


def _everything(db) -> dict:
    with db.engine.connect() as connection:
        return {
            t.name: sorted(map(tuple, connection.execute(select(t)).all()), key=repr)
            for t in metadata.sorted_tables
        }


def _clean_refusal_or_import(db, path: Path, run, outcomes: dict) -> None:
    before = _everything(db)
    try:
        run(db, path)
    except InputError as refusal:  # ValidationFailed is an InputError
        assert str(refusal).strip(), "a refusal must say what is wrong"
        assert _everything(db) == before, "a refused file must write nothing"
        outcomes["refused"] += 1
    else:
        outcomes["imported"] += 1


def test_malformed_registers_are_refused_cleanly_or_imported(db, tmp_path):
    counter = iter(range(10_000))
    outcomes = {"imported": 0, "refused": 0}

    @HOSTILE
    @given(data=broken_table(REGISTER_HEADER, REGISTER_ROWS))
    def check(data):
        path = tmp_path / f"register-{next(counter)}.csv"
        path.write_bytes(data)
        _clean_refusal_or_import(db, path, import_register, outcomes)

    check()
    assert outcomes["imported"] and outcomes["refused"], outcomes  # both paths were exercised


def test_malformed_evaluation_files_are_refused_cleanly_or_imported(db, tmp_path):
    # The register the responses belong to, so that some generated files do match.
    register = tmp_path / "register.csv"
    with register.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([REGISTER_HEADER, *REGISTER_ROWS])
    import_register(db, register)
    counter = iter(range(10_000))
    outcomes = {"imported": 0, "refused": 0}

    @HOSTILE
    @given(data=broken_table(EVALUATION_HEADER, EVALUATION_ROWS))
    def check(data):
        path = tmp_path / f"evaluations-{next(counter)}.csv"
        path.write_bytes(data)
        _clean_refusal_or_import(db, path, import_evaluations, outcomes)

    check()
    assert outcomes["imported"] and outcomes["refused"], outcomes
