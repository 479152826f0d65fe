"""Create or edit a course: code, title, category, agency, usual length and capacity, and what the programme says."""

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

from pscp_training.domain.enums import Agency
from pscp_training.domain.records import CourseRecord
from pscp_training.services.sessions import catalogue
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.form_dialog import FormDialog
from pscp_training.ui.common.spin_boxes import LengthSpinBox, OptionalCountSpinBox


class CourseDialog(FormDialog):
    """Saves through catalogue.save_course; refusals are shown and the dialog stays open."""

    def __init__(self, ctx, course: CourseRecord | None = None, parent=None, categories=()):
        super().__init__(parent, title="Edit course" if course else "New course")
        self.ctx = ctx
        self.course = course
        self.saved: CourseRecord | None = None
        self.code = QLineEdit()
        self.code.setPlaceholderText("e.g. DSL1")
        self.title = QLineEdit()
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(sorted({c for c in categories if c}))
        self.category.setCurrentText("")
        self.agency = QComboBox()
        for agency, label in fmt.AGENCY.items():
            self.agency.addItem(label, agency)
        self.duration = LengthSpinBox()
        self.duration.setToolTip("Steps in half hours; type 3 h 30, 3:30 or 210")
        self.capacity = OptionalCountSpinBox(1000, " places")
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 3 + 14)
        self.audience = QPlainTextEdit()
        self.audience.setTabChangesFocus(True)
        self.audience.setFixedHeight(self.audience.fontMetrics().lineSpacing() * 2 + 14)
        self.audience.setPlaceholderText("e.g. DSLs and deputies in schools and colleges")
        self.outcomes = QPlainTextEdit()
        self.outcomes.setTabChangesFocus(True)
        self.outcomes.setFixedHeight(self.outcomes.fontMetrics().lineSpacing() * 3 + 14)
        self.outcomes.setPlaceholderText("One outcome a line: what delegates will be able to do")
        self.how_to_book = QLineEdit()
        self.how_to_book.setPlaceholderText("A web address (https://…) or an email address")
        self.active = QCheckBox("Offered &now (inactive courses stay in the records)")
        self.active.setChecked(True)
        self.add_row("Co&de", self.code)
        self.add_row("&Title", self.title)
        self.add_row("Cate&gory", self.category)
        self.add_row("&Agency", self.agency)
        self.add_row("Usual &length", self.duration)
        self.add_row("Usual &capacity", self.capacity)
        self.add_row("D&escription", self.description)
        self.add_row("&Who it is for", self.audience)
        self.add_row("Learning &outcomes", self.outcomes)
        self.add_row("How to &book", self.how_to_book)
        self.add_row("", self.active)
        self.finish_layout()
        if course is not None:
            self._show(course)

    def _show(self, course: CourseRecord) -> None:
        self.code.setText(course.code)
        self.title.setText(course.title)
        self.category.setCurrentText(course.category or "")
        self.agency.setCurrentIndex(self.agency.findData(course.agency))
        self.duration.setValue(course.default_duration_minutes or 0)
        self.capacity.setValue(course.default_capacity or 0)
        self.description.setPlainText(course.description or "")
        self.audience.setPlainText(course.audience or "")
        self.outcomes.setPlainText(course.learning_outcomes or "")
        self.how_to_book.setText(course.how_to_book or "")
        self.active.setChecked(course.active)

    def form(self) -> catalogue.CourseForm:
        return catalogue.CourseForm(
            code=self.code.text(),
            title=self.title.text(),
            agency=Agency(self.agency.currentData()),
            category=self.category.currentText() or None,
            default_duration_minutes=self.duration.minutes(),
            default_capacity=self.capacity.count(),
            description=self.description.toPlainText() or None,
            active=self.active.isChecked(),
            audience=self.audience.toPlainText() or None,
            learning_outcomes=self.outcomes.toPlainText() or None,
            how_to_book=self.how_to_book.text() or None,
        )

    def save(self) -> None:
        course_id = self.course.id if self.course else None
        # From the version the dialog shows: a colleague's save meanwhile is never overwritten.
        version = self.course.version if self.course else None
        self.run(catalogue.save_course, self.ctx.db, self.form(), course_id,
                 expected_version=version, on_done=self._saved)

    def _saved(self, course: CourseRecord) -> None:
        self.saved = course
        self.ctx.changes.changed.emit("courses")
        self.saved_and_close()
