"""The course catalogue: every course with its code, category and agency; new and edit."""

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pscp_training.domain.records import CourseRecord
from pscp_training.services.sessions import catalogue
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.context import concerns
from pscp_training.ui.common.paged_table_model import Column, PagedTableModel
from pscp_training.ui.common.table_view import EmptyStateTable, make_table, set_column_widths
from pscp_training.ui.courses.course_dialog import CourseDialog
from pscp_training.ui.sessions.session_dialog import SessionDialog

COLUMNS = [
    Column("Code", lambda c: c.code),
    Column("Title", lambda c: c.title),
    Column("Category", lambda c: c.category or ""),
    Column("Agency", lambda c: fmt.AGENCY[c.agency]),
    Column("Usual length", lambda c: f"{c.default_duration_minutes / 60:g} h"
           if c.default_duration_minutes else "", align_right=True),
    Column("Usual capacity", lambda c: c.default_capacity),
    Column("Offered", lambda c: "Yes" if c.active else "No"),
]


class CataloguePage(QWidget):
    """Courses are few (tens), so the list holds them all; sessions are on the Sessions page."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = PagedTableModel(COLUMNS, page_size=10_000, parent=self)
        self.view = make_table(self.model, object_name="courses")
        set_column_widths(self.view, [80, 340, 120, 110, 100, 110, 70], stretch=1)
        self.view.doubleClicked.connect(lambda _index: self.edit_course())
        self.table = EmptyStateTable(self.view, "No courses yet. Add the first with “New course…”.")
        self.show_inactive = QCheckBox("Show courses no longer offered")
        self.show_inactive.setChecked(bool(ctx.settings.value("courses/show_inactive", False,
                                                              type=bool)))
        self.show_inactive.toggled.connect(self._inactive_toggled)
        self.new_button = QPushButton("New course…")
        self.edit_button = QPushButton("Edit…")
        self.schedule_button = QPushButton("Schedule a session…")
        self.new_button.clicked.connect(self.new_course)
        self.edit_button.clicked.connect(self.edit_course)
        self.schedule_button.clicked.connect(self.schedule)
        actions = QHBoxLayout()
        actions.addWidget(self.show_inactive, 1)
        for button in (self.new_button, self.edit_button, self.schedule_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Courses</h2>"))
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    def _inactive_toggled(self, checked: bool) -> None:
        self.ctx.settings.setValue("courses/show_inactive", checked)
        self.refresh()

    def refresh(self) -> None:
        courses = catalogue.list_courses(self.ctx.db,
                                         include_inactive=self.show_inactive.isChecked())
        self.model.reset_with(lambda offset, limit: courses[offset:offset + limit])
        # Codes and categories are short but vary (BESPOKE-SCH, Harmful sexual behaviour):
        # the few rows are all loaded, so fit the columns to them rather than clip them.
        for column in (0, 2):
            self.view.resizeColumnToContents(column)
        self._update_buttons()

    def _on_changed(self, kind: str) -> None:
        if concerns(kind, "courses"):
            self.refresh()

    def current_course(self) -> CourseRecord | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def _update_buttons(self, *_args) -> None:
        chosen = self.current_course() is not None
        self.edit_button.setEnabled(chosen)
        self.schedule_button.setEnabled(chosen)

    def _categories(self) -> list[str]:
        return [c.category for c in self.model.records() if c.category]

    def new_course(self) -> CourseDialog:
        dialog = CourseDialog(self.ctx, None, self, categories=self._categories())
        dialog.open()
        return dialog

    def edit_course(self) -> CourseDialog | None:
        course = self.current_course()
        if course is None:
            return None
        dialog = CourseDialog(self.ctx, course, self, categories=self._categories())
        dialog.open()
        return dialog

    def schedule(self) -> SessionDialog | None:
        course = self.current_course()
        if course is None:
            return None
        dialog = SessionDialog(self.ctx, parent=self, course_id=course.id)
        dialog.open()
        return dialog
