"""Schedule, edit or run again a session: course, day and times, delivery, venue, capacity."""

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
)

from pscp_training.domain.enums import Agency
from pscp_training.domain.errors import InputError
from pscp_training.domain.records import CourseRecord, SessionRecord
from pscp_training.domain.years import local_to_utc, to_local
from pscp_training.services.people import people
from pscp_training.services.sessions import catalogue, session_copy
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.date_entry import DateEntry
from pscp_training.ui.common.form_dialog import FormDialog


def _local(day: QDate, at: QTime) -> datetime:
    """A day and time as a person picks them (London) to an aware UTC instant."""
    return local_to_utc(datetime(day.year(), day.month(), day.day(), at.hour(), at.minute()))


def _date_edit(value: QDate) -> DateEntry:
    return DateEntry(value, label="Day")


def _time_edit(value: QTime) -> QTimeEdit:
    edit = QTimeEdit(value)
    edit.setDisplayFormat("HH:mm")
    return edit


class SessionDialog(FormDialog):
    """New session, or edit one (`session=`). Saves through the catalogue service."""

    def __init__(self, ctx, session: SessionRecord | None = None, parent=None,
                 course_id: int | None = None):
        super().__init__(parent, title="Edit session" if session else "New session",
                         min_width=500)
        self.ctx = ctx
        self.session = session
        self.saved: SessionRecord | None = None
        self.courses: list[CourseRecord] = catalogue.list_courses(
            ctx.db, include_inactive=session is not None
        )
        self.course = QComboBox()
        self.course.setObjectName("course")
        for course in self.courses:
            self.course.addItem(f"{course.code}  {course.title}", course.id)
        self.course.currentIndexChanged.connect(self._course_chosen)
        tomorrow = QDate.currentDate().addDays(1)
        self.day = _date_edit(tomorrow)
        self.start = _time_edit(QTime(9, 30))
        self.end = _time_edit(QTime(12, 30))
        times = QHBoxLayout()
        times.addWidget(self.start)
        to = QLabel("&to")
        to.setBuddy(self.end)
        times.addWidget(to)
        times.addWidget(self.end)
        times.addStretch(1)
        self.delivery = QComboBox()
        for delivery, label in fmt.DELIVERY.items():
            self.delivery.addItem(label, delivery)
        self.venue = QLineEdit()
        self.venue.setPlaceholderText("e.g. Civic Offices, or the Teams link")
        self.capacity = QSpinBox()
        self.capacity.setRange(-1, 1000)
        self.capacity.setSpecialValueText("No limit")
        self.capacity.setSuffix(" places")
        self.capacity.setValue(20)
        self.trainers = QLineEdit()
        self.commissioner = QComboBox()
        self.commissioner.setEditable(True)
        self.commissioner.addItem("")
        self.commissioner.addItems([o.name for o in people.list_organisations(ctx.db)])
        self.commissioner_label = QLabel("Co&mmissioned by")
        self.commissioner_label.setBuddy(self.commissioner)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)
        self.add_row("&Course", self.course)
        self.add_row("&Day", self.day)
        time_label = QLabel("T&ime")
        time_label.setBuddy(self.start)
        self.add_row(time_label, times)
        self.add_row("De&livery", self.delivery)
        self.add_row("&Venue", self.venue)
        self.add_row("C&apacity", self.capacity)
        self.add_row("T&rainers", self.trainers)
        self.add_row(self.commissioner_label, self.commissioner)
        self.add_row("&Notes", self.notes)
        if session is not None:
            self._show(session)
        else:
            if course_id is not None:
                self.course.setCurrentIndex(max(self.course.findData(course_id), 0))
            self._course_chosen()
        self.finish_layout()

    def _chosen_course(self) -> CourseRecord | None:
        course_id = self.course.currentData()
        return next((c for c in self.courses if c.id == course_id), None)

    def _course_chosen(self, *_args) -> None:
        course = self._chosen_course()
        single = course is not None and course.agency == Agency.SINGLE
        self.commissioner.setVisible(single)
        self.commissioner_label.setVisible(single)
        if course is None or self.session is not None:
            return
        if course.default_capacity is not None:
            self.capacity.setValue(course.default_capacity)
        if course.default_duration_minutes:
            self.end.setTime(self.start.time().addSecs(course.default_duration_minutes * 60))

    def _show(self, session: SessionRecord) -> None:
        self.course.setCurrentIndex(max(self.course.findData(session.course_id), 0))
        self.course.setEnabled(False)  # another course is another session
        start = to_local(session.start)
        self.day.setDate(QDate(start.year, start.month, start.day))
        self.start.setTime(QTime(start.hour, start.minute))
        if session.end is not None:
            end = to_local(session.end)
            self.end.setTime(QTime(end.hour, end.minute))
        self.delivery.setCurrentIndex(self.delivery.findData(session.delivery))
        self.venue.setText(session.venue or "")
        self.capacity.setValue(session.capacity if session.capacity is not None else -1)
        self.trainers.setText(session.trainers or "")
        self.commissioner.setCurrentText(session.commissioning_organisation or "")
        self.notes.setPlainText(session.notes or "")
        self._course_chosen()

    def form(self) -> catalogue.SessionForm:
        start = _local(self.day.date(), self.start.time())
        end = _local(self.day.date(), self.end.time())
        return catalogue.SessionForm(
            course_id=self.course.currentData(),
            start=start,
            end=end,
            delivery=self.delivery.currentData(),
            venue=self.venue.text() or None,
            capacity=None if self.capacity.value() < 0 else self.capacity.value(),
            trainers=self.trainers.text() or None,
            commissioning_organisation=(
                self.commissioner.currentText() or None if self.commissioner.isVisible() else None
            ),
            notes=self.notes.toPlainText() or None,
        )

    def save(self) -> None:
        if self.course.currentData() is None:
            self.run(_no_course, on_done=lambda _r: None)
            return
        if self.session is None:
            self.run(catalogue.create_session, self.ctx.db, self.form(), on_done=self._saved)
        else:
            self.run(catalogue.update_session, self.ctx.db, self.session.id, self.form(),
                     self.session.version, on_done=self._saved)

    def _saved(self, session: SessionRecord) -> None:
        self.saved = session
        self.ctx.changes.changed.emit("sessions")
        self.saved_and_close()


def _no_course() -> None:
    raise InputError("There are no courses yet: add the course under Courses first.")


class RunAgainDialog(FormDialog):
    """"Run this again on…": the same course and details on a new day; bookings are not copied."""

    def __init__(self, ctx, session: SessionRecord, parent=None):
        super().__init__(
            parent, title="Run this session again", min_width=440,
            intro=f"A new session of <b>{session.course_code} {session.course_title}</b> with "
                  "the same venue, delivery, capacity and trainers. Bookings are not copied.")
        self.ctx = ctx
        self.session = session
        self.saved: SessionRecord | None = None
        start = to_local(session.start)
        next_week = to_local(session.start + timedelta(days=7))
        today = QDate.currentDate()
        suggested = QDate(next_week.year, next_week.month, next_week.day)
        self.day = _date_edit(suggested if suggested > today else today.addDays(7))
        self.day.label = "New day"
        self.start = _time_edit(QTime(start.hour, start.minute))
        self.add_row("New &day", self.day)
        self.add_row("&Starting at", self.start)
        self.finish_layout()

    def save(self) -> None:
        start = _local(self.day.date(), self.start.time())
        self.run(session_copy.run_again, self.ctx.db, self.session.id, start,
                 on_done=self._saved)

    def _saved(self, session: SessionRecord) -> None:
        self.saved = session
        self.ctx.changes.changed.emit("sessions")
        self.saved_and_close()
