"""Create or edit a course: code, title, category, agency, usual length and capacity, and what the programme says."""

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from pscp_training.domain.enums import Agency
from pscp_training.domain.records import CourseRecord
from pscp_training.services.sessions import catalogue
from pscp_training.ui.common import formatting as fmt


def _optional_spin(maximum: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(-1, maximum)
    spin.setSpecialValueText("Not set")
    spin.setSuffix(suffix)
    spin.setValue(-1)
    return spin


class CourseDialog(QDialog):
    """Saves through catalogue.save_course; refusals are shown and the dialog stays open."""

    def __init__(self, ctx, course: CourseRecord | None = None, parent=None, categories=()):
        super().__init__(parent)
        self.ctx = ctx
        self.course = course
        self.saved: CourseRecord | None = None
        self.setWindowTitle("Edit course" if course else "New course")
        self.setMinimumWidth(460)
        form = QFormLayout(self)
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
        self.duration = _optional_spin(24 * 60, " minutes")
        self.duration.setSingleStep(30)
        self.capacity = _optional_spin(1000, " places")
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(70)
        self.audience = QPlainTextEdit()
        self.audience.setFixedHeight(50)
        self.audience.setPlaceholderText("e.g. DSLs and deputies in schools and colleges")
        self.outcomes = QPlainTextEdit()
        self.outcomes.setFixedHeight(70)
        self.outcomes.setPlaceholderText("One outcome a line: what delegates will be able to do")
        self.how_to_book = QLineEdit()
        self.how_to_book.setPlaceholderText("A web address (https://…) or an email address")
        self.active = QCheckBox("Offered now (inactive courses stay in the records)")
        self.active.setChecked(True)
        form.addRow("Code", self.code)
        form.addRow("Title", self.title)
        form.addRow("Category", self.category)
        form.addRow("Agency", self.agency)
        form.addRow("Usual length", self.duration)
        form.addRow("Usual capacity", self.capacity)
        form.addRow("Description", self.description)
        form.addRow("Who it is for", self.audience)
        form.addRow("Learning outcomes", self.outcomes)
        form.addRow("How to book", self.how_to_book)
        form.addRow("", self.active)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if course is not None:
            self._show(course)

    def _show(self, course: CourseRecord) -> None:
        self.code.setText(course.code)
        self.title.setText(course.title)
        self.category.setCurrentText(course.category or "")
        self.agency.setCurrentIndex(self.agency.findData(course.agency))
        self.duration.setValue(course.default_duration_minutes or -1)
        self.capacity.setValue(
            course.default_capacity if course.default_capacity is not None else -1
        )
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
            default_duration_minutes=None if self.duration.value() < 0 else self.duration.value(),
            default_capacity=None if self.capacity.value() < 0 else self.capacity.value(),
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
        self.ctx.tasks.run(catalogue.save_course, self.ctx.db, self.form(), course_id,
                           expected_version=version, on_done=self._saved)

    def _saved(self, course: CourseRecord) -> None:
        self.saved = course
        self.ctx.changes.changed.emit("courses")
        self.accept()
