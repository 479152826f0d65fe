"""User text made safe for paragraph markup, and figures written as people read them."""

import io
from datetime import date

from pypdf import PdfReader
from reportlab.platypus import SimpleDocTemplate

from pscp_training.pdf.styles import BODY
from pscp_training.pdf.text import clean, cpd_hours, long_date, markup, paragraph, percent


def test_markup_characters_are_escaped_so_they_print_as_written():
    assert markup("Tom & Jerry <b>bold</b> > 3") == (
        "Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; &gt; 3"
    )


def test_a_paragraph_of_hostile_text_builds_and_prints_it_literally():
    hostile = "O'Brien <i>unclosed & <font name='nope'> &amp; </para>"
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([paragraph(hostile, BODY), paragraph("Zoë Łukasz", BODY)])
    text = PdfReader(buffer).pages[0].extract_text()
    assert "O'Brien <i>unclosed & <font name='nope'> &amp; </para>" in text
    assert "Zoë Łukasz" in text


def test_clean_composes_accents_and_drops_control_characters():
    decomposed = "Zoe\u0308 Nguye\u0302\u0303n"
    assert clean(decomposed) == "Zoë Nguyễn"
    assert clean("  Siobhán\tÓ\x00 Súilleabháin\n") == "Siobhán Ó Súilleabháin"
    assert clean(None) == ""


def test_figures_and_dates_read_as_the_team_writes_them():
    assert percent(80.18) == "80.18%"
    assert percent(79.0) == "79%"
    assert percent(100, 0) == "100%"
    assert percent(70.0, 0) == "70%"
    assert percent(None) == "–"
    assert cpd_hours(180) == "3 CPD hours"
    assert cpd_hours(90) == "1.5 CPD hours"
    assert cpd_hours(60) == "1 CPD hour"
    assert cpd_hours(20) == "0.33 CPD hours"
    assert long_date(date(2022, 6, 1)) == "1 June 2022"
