"""A charge statement's footer names the partnership and the statement, with no stray separator."""

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from pscp_training.domain.follow_up_records import ChargeKind, ChargeRecord, OrganisationStatement
from pscp_training.pdf.charge_statement import write_statement

STATEMENT = OrganisationStatement(
    organisation="Mayfield School",
    sector="Education",
    period_label="April to June 2022",
    charges=(
        ChargeRecord(
            id=1, booking_id=1, organisation_id=1, organisation="Mayfield School",
            sector="Education", delegate="Ann Lee", course_code="C001",
            course_title="Working Together", session_start=datetime(2022, 5, 4, 9, tzinfo=UTC),
            kind=ChargeKind.NO_SHOW, reason=None, amount_pence=5000, waived=False,
            waiver_note=None,
        ),
    ),
)


def _lines(partnership_name: str) -> list[str]:
    stream = io.BytesIO()
    write_statement(STATEMENT, stream, partnership_name=partnership_name, issued=date(2022, 7, 1))
    text = PdfReader(io.BytesIO(stream.getvalue())).pages[0].extract_text()
    return [line.strip() for line in text.splitlines()]


def _footer(lines: list[str]) -> str:
    (line,) = [line for line in lines if "Charge statement: Mayfield School" in line]
    return line


@pytest.mark.parametrize("name", ["", "   "])
def test_without_a_partnership_name_the_footer_starts_with_the_statement(name):
    footer = _footer(_lines(name))
    assert footer.startswith("Charge statement: Mayfield School")
    assert "·" not in footer.split("Mayfield School")[0]


def test_with_a_partnership_name_the_footer_names_it_first():
    footer = _footer(_lines("Portsmouth Safeguarding Children Partnership"))
    assert footer.startswith(
        "Portsmouth Safeguarding Children Partnership · Charge statement: Mayfield School"
    )
