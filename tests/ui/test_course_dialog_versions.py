"""The course dialog saves from the version it shows: a colleague's edit meanwhile is kept."""

from PySide6.QtWidgets import QDialog

from pscp_training.db.audit import acting_as
from pscp_training.db.engine import Database
from pscp_training.services.sessions import catalogue
from pscp_training.ui.courses.course_dialog import CourseDialog
from tests import factories


def test_editing_a_course_someone_else_just_changed_is_refused(ctx, db_url, qtbot, error_boxes):
    course = factories.course(ctx.db, code="DSL1", title="Designated Safeguarding Lead",
                              capacity=20)
    dialog = CourseDialog(ctx, catalogue.get_course(ctx.db, course.id))
    qtbot.addWidget(dialog)
    dialog.show()

    other_pc = Database(db_url)
    try:
        shown = catalogue.get_course(other_pc, course.id)
        with acting_as("Jo Bloggs"):
            catalogue.save_course(
                other_pc,
                catalogue.CourseForm(code="DSL1", title="Designated Safeguarding Lead",
                                     agency=shown.agency, category=shown.category,
                                     default_capacity=24),
                course.id, expected_version=shown.version)
    finally:
        other_pc.dispose()

    dialog.title.setText("DSL: New to Role")
    dialog.save()
    [message] = error_boxes()
    assert message.startswith(
        "Someone else saved a change to the course DSL1 while you were editing it.")
    assert "Jo Bloggs changed" in message
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    kept = catalogue.get_course(ctx.db, course.id)
    assert (kept.title, kept.default_capacity) == ("Designated Safeguarding Lead", 24)

    # Reopened on the course as it is now, the same edit is saved.
    dialog = CourseDialog(ctx, kept)
    qtbot.addWidget(dialog)
    dialog.title.setText("DSL: New to Role")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = catalogue.get_course(ctx.db, course.id)
    assert (saved.title, saved.default_capacity) == ("DSL: New to Role", 24)
