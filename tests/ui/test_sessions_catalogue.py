"""The course catalogue: new and edit through the dialog, refusals shown calmly, inactive hidden."""

from datetime import timedelta

from pscp_training.domain.enums import Agency
from pscp_training.domain.years import now_utc
from pscp_training.services.sessions import catalogue
from pscp_training.ui.courses.catalogue_page import CataloguePage
from pscp_training.ui.sessions.session_dialog import SessionDialog
from tests import factories


def _page(ctx, qtbot) -> CataloguePage:
    page = CataloguePage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def test_edit_a_course_and_hide_it_when_no_longer_offered(ctx, qtbot):
    factories.course(ctx.db, code="DSL1", title="Designated Safeguarding Lead", capacity=20)
    page = _page(ctx, qtbot)
    assert page.table.is_empty is False
    page.view.selectRow(0)
    dialog = page.edit_course()
    assert dialog.capacity.value() == 20
    dialog.title.setText("Designated Safeguarding Lead: New to Role")
    dialog.duration.setValue(360)
    dialog.active.setChecked(False)
    dialog.save()
    saved = catalogue.list_courses(ctx.db)[0]
    assert (saved.title, saved.default_duration_minutes, saved.active) == (
        "Designated Safeguarding Lead: New to Role", 360, False)
    assert page.model.rowCount() == 0  # no longer offered: hidden until asked for
    assert page.table.is_empty
    page.show_inactive.setChecked(True)
    assert page.model.index(0, 4).data() == "6 h"
    assert page.model.index(0, 6).data() == "No"


def test_a_refused_change_keeps_the_dialog_open_with_the_reason(ctx, qtbot, error_boxes):
    course = factories.course(ctx.db, code="NEG", agency=Agency.MULTI)
    factories.session(ctx.db, course_id=course.id, start=now_utc() + timedelta(days=3))
    factories.course(ctx.db, code="DSL1")
    page = _page(ctx, qtbot)
    page.view.selectRow(page.model.row_where(lambda c: c.code == "NEG"))
    dialog = page.edit_course()
    dialog.agency.setCurrentIndex(dialog.agency.findData(Agency.SINGLE))
    dialog.save()
    assert dialog.isVisible()
    assert any("cannot change between multi-agency and single-agency" in t
               for t in error_boxes())
    dialog.agency.setCurrentIndex(dialog.agency.findData(Agency.MULTI))
    dialog.code.setText("dsl1")
    dialog.save()
    assert any("The course code dsl1 is already used" in t for t in error_boxes())
    assert {c.code for c in catalogue.list_courses(ctx.db)} == {"NEG", "DSL1"}


def test_schedule_a_session_of_the_chosen_course(ctx, qtbot):
    factories.course(ctx.db, code="AAA")
    chosen = factories.course(ctx.db, code="BBB", capacity=16)
    page = _page(ctx, qtbot)
    page.view.selectRow(page.model.row_where(lambda c: c.code == "BBB"))
    dialog = page.schedule()
    assert isinstance(dialog, SessionDialog)
    assert dialog.course.currentData() == chosen.id
    assert dialog.capacity.value() == 16
    dialog.save()
    sessions = catalogue.list_sessions(ctx.db)
    assert [(s.course_code, s.capacity) for s in sessions] == [("BBB", 16)]


def test_course_codes_and_categories_are_shown_whole(ctx, qtbot):
    factories.course(ctx.db, code="BESPOKE-SCHOOLS-CULTURE", title="Bespoke culture project",
                     category="Harmful sexual behaviour and online harm")
    page = _page(ctx, qtbot)
    metrics = page.view.fontMetrics()
    for column, text in ((0, "BESPOKE-SCHOOLS-CULTURE"),
                         (2, "Harmful sexual behaviour and online harm")):
        assert page.view.columnWidth(column) >= metrics.horizontalAdvance(text)
