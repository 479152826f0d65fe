"""The session screen's Evaluations tab: a form per attendee, the session's summary, the chase list."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pscp_training.domain.evaluation_records import (
    RATING_QUESTIONS,
    TEXT_QUESTIONS,
    AttendeeEvaluation,
    EvaluationForm,
    percent,
)
from pscp_training.services.evaluations import evaluation_summaries, evaluations
from pscp_training.ui.common.context import concerns
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.common.table_view import EmptyStateTable, keyboard_friendly
from pscp_training.ui.evaluations.evaluation_import_dialog import EvaluationImportDialog
from pscp_training.ui.evaluations.evaluation_summary_view import (
    EvaluationSummaryWidget,
    ask_and_save,
)

NOT_ANSWERED = "–"


def load_session_evaluations(db, session_id: int):
    """Everything the tab shows, read off the UI thread: attendees, summary, hold-back setting."""
    return (
        evaluations.list_attendees(db, session_id),
        evaluation_summaries.summarise_session(db, session_id),
        evaluations.hold_back_certificates(db),
    )


class RatingBox(QSpinBox):
    """A score, or not answered (the lowest step shows a dash): type the digit, then Tab."""

    def __init__(self, low: int, high: int, parent=None):
        super().__init__(parent)
        self.setRange(low - 1, high)
        self.setSpecialValueText(NOT_ANSWERED)
        self.setSuffix(f"  (of {high})")
        self.setMinimumWidth(110)

    def score(self) -> int | None:
        return None if self.value() == self.minimum() else self.value()

    def set_score(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else value)


class EvaluationsTab(QWidget):
    """Evaluations of one session; `show_session(id)` switches to another session."""

    def __init__(self, ctx, session_id: int | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.session_id = session_id
        self.attendees: list[AttendeeEvaluation] = []
        self._stale = session_id is not None
        self._own_change = False
        self.unnamed_attendees = 0  # counted at a single-agency session's headcount
        self._shown_row = -1
        self._shown_form = EvaluationForm()

        self.people = QListWidget()
        keyboard_friendly(self.people)
        self.people.setObjectName("evaluation_attendees")
        self.people.currentRowChanged.connect(self._row_chosen)
        self.people_note = QLabel("Only delegates marked attended on the register are listed.")
        self.people_note.setWordWrap(True)

        self.who = QLabel()
        self.who.setObjectName("evaluation_who")
        self.who.setWordWrap(True)  # a long organisation must not widen the form
        self.ratings: dict[str, RatingBox] = {}
        form = QFormLayout()
        for name, label, low, high in RATING_QUESTIONS:
            box = RatingBox(low, high)
            box.setObjectName(name)
            self.ratings[name] = box
            form.addRow(label + ":", box)
        self.texts: dict[str, QPlainTextEdit] = {}
        for name, label in TEXT_QUESTIONS:
            edit = QPlainTextEdit()
            edit.setObjectName(name)
            edit.setTabChangesFocus(True)  # Tab moves on, so the form is quick to go through
            edit.setFixedHeight(64)
            self.texts[name] = edit
            question = QLabel(label)
            question.setBuddy(edit)
            form.addRow(question)  # the question above its answer: the texts get the width
            form.addRow(edit)
        self.consent = QCheckBox("May be quoted anonymously")
        self.consent.setObjectName("consent_to_quote")
        form.addRow(self.consent)
        self.save_button = QPushButton("Save and next")
        self.save_button.setToolTip("Save this evaluation and go to the next attendee (Ctrl+Enter)")
        self.save_button.setDefault(True)
        self.delete_button = QPushButton("Remove evaluation")
        self.save_button.clicked.connect(lambda: self.save())
        self.delete_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, activated=lambda: self.save())
        self.form_box = QGroupBox("Evaluation")
        box_layout = QVBoxLayout(self.form_box)
        box_layout.addWidget(self.who)
        box_layout.addLayout(form)
        box_layout.addStretch(1)
        box_layout.addLayout(buttons)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.count_label = QLabel()
        self.count_label.setObjectName("evaluation_count")
        self.count_label.setWordWrap(True)  # a sentence must not widen the attendee list
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(self.people, 1)
        left_layout.addWidget(self.people_note)

        self.summary = EvaluationSummaryWidget(self)
        self.chase = QListWidget()
        keyboard_friendly(self.chase)
        self.chase.setObjectName("chase_list")
        self.copy_button = QPushButton("Copy emails")
        self.copy_button.setToolTip("Copy the emails of those still to send an evaluation")
        self.copy_button.clicked.connect(self.copy_emails)
        self.hold_back = QCheckBox("Hold certificates until the evaluation is in")
        self.hold_back.setToolTip("A team setting for every session: a delegate's certificate "
                                  "waits until their evaluation is in")
        self.hold_back.setObjectName("hold_back")
        self.hold_back.toggled.connect(self._set_hold_back)
        chase_box = QGroupBox("Still to send an evaluation")
        chase_layout = QVBoxLayout(chase_box)
        # An empty list says why it is empty rather than showing a blank box.
        self.chase_state = EmptyStateTable(self.chase, "")
        chase_layout.addWidget(self.chase_state, 1)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.hold_back, 1)
        copy_row.addWidget(self.copy_button)
        chase_layout.addLayout(copy_row)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.summary)
        right.addWidget(chase_box)
        right.setSizes([420, 200])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.form_box)
        splitter.addWidget(right)
        splitter.setSizes([220, 420, 460])
        self.import_button = QPushButton("Import evaluations…")
        self.import_button.setToolTip("Bring in the responses exported from the online form")
        self.import_button.clicked.connect(self.import_file)
        self.pdf_button = QPushButton("Save summary as PDF…")
        self.xlsx_button = QPushButton("Save summary as XLSX…")
        self.pdf_button.clicked.connect(lambda: self._save_summary("pdf"))
        self.xlsx_button.clicked.connect(lambda: self._save_summary("xlsx"))
        self.saved_note = QLabel()
        self.saved_note.setObjectName("saved_note")
        actions = QHBoxLayout()
        actions.addWidget(self.import_button)
        actions.addWidget(self.saved_note, 1)
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.xlsx_button)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        ctx.changes.changed.connect(self._on_changed)
        self._show_attendee(-1)
        if session_id is not None:
            self.refresh()

    # --- loading ---------------------------------------------------------------------------

    def show_session(self, session_id: int) -> None:
        """Show another session's evaluations (loaded now if visible, else when shown)."""
        changed = session_id != self.session_id
        self.session_id = session_id
        if changed:
            self.people.clear()
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self, select_booking: int | None = None) -> None:
        if self.session_id is None:
            return
        self._stale = False
        current = select_booking if select_booking is not None else self._current_booking()
        self.ctx.tasks.run(load_session_evaluations, self.ctx.db, self.session_id,
                           on_done=lambda loaded: self._loaded(loaded, current))

    def set_unnamed_attendees(self, count: int) -> None:
        """How many attended unnamed (headcounts): they have no evaluation to enter here."""
        self.unnamed_attendees = count

    def _nobody_text(self) -> str:
        if self.unnamed_attendees:
            return (f"Nobody named is marked attended; the {self.unnamed_attendees:,} counted "
                    "at the headcount are not named.")
        return "Nobody is marked attended yet."

    def _loaded(self, loaded, select_booking: int | None) -> None:
        self.attendees, summary, hold_back = loaded
        self.people.blockSignals(True)
        self.people.clear()
        for person in self.attendees:
            mark = "✓ " if person.evaluation else "    "
            item = QListWidgetItem(f"{mark}{person.full_name}")
            item.setToolTip("Evaluation in" if person.evaluation else "No evaluation yet")
            self.people.addItem(item)
        self.people.blockSignals(False)
        # The list keeps room for its longest name, however the form beside it grows.
        widest = max((self.people.fontMetrics().horizontalAdvance(self.people.item(n).text())
                      for n in range(self.people.count())), default=0)
        self.people.setMinimumWidth(min(widest + 36, 320))
        done = sum(1 for a in self.attendees if a.evaluation)
        total = len(self.attendees)
        self.count_label.setText(
            self._nobody_text() if total == 0
            else f"{done} of {total} evaluations in ({percent(done / total)})"
        )
        self.summary.show_summary(summary)
        missing = [a for a in self.attendees if a.evaluation is None]
        self.chase_state.set_empty_text(
            f"{self._nobody_text()} No evaluation is awaited." if total == 0
            else "Every attendee's evaluation is in.")
        self.chase.clear()
        for person in missing:
            self.chase.addItem(f"{person.full_name} — {person.email or 'no email'}")
        self.copy_button.setEnabled(bool(evaluations.chase_emails(missing)))
        self.hold_back.blockSignals(True)
        self.hold_back.setChecked(hold_back)
        self.hold_back.blockSignals(False)
        rows = [a.booking_id for a in self.attendees]
        row = rows.index(select_booking) if select_booking in rows else (0 if rows else -1)
        self.people.blockSignals(True)
        self.people.setCurrentRow(row)
        self.people.blockSignals(False)
        self._show_attendee(row)

    def _current_booking(self) -> int | None:
        row = self.people.currentRow()
        return self.attendees[row].booking_id if 0 <= row < len(self.attendees) else None

    def has_unsaved_answers(self) -> bool:
        """Whether the form differs from the evaluation it was showing (texts compared trimmed)."""
        if not 0 <= self._shown_row < len(self.attendees):
            return False
        return evaluations.clean_form(self.current_form()) != evaluations.clean_form(
            self._shown_form)

    def _row_chosen(self, row: int) -> None:
        """Another attendee chosen: first offer to save what was typed for the one shown."""
        previous = self._shown_row
        if row == previous or not self.has_unsaved_answers():
            self._show_attendee(row)
            return
        name = self.attendees[previous].full_name
        answer = QMessageBox.question(
            self, "Unsaved evaluation", f"Save {name}'s evaluation before moving on?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Discard:
            self._show_attendee(row)
            return
        self.people.blockSignals(True)
        self.people.setCurrentRow(previous)
        self.people.blockSignals(False)
        if answer == QMessageBox.StandardButton.Save:
            self.save(then=self.attendees[row].booking_id if 0 <= row < len(self.attendees)
                      else None)

    def _show_attendee(self, row: int) -> None:
        self._shown_row = row
        person = self.attendees[row] if 0 <= row < len(self.attendees) else None
        self.form_box.setEnabled(person is not None)
        evaluation = person.evaluation if person else None
        if person is None:
            self.who.setText("Choose an attendee on the left.")
        else:
            state = "evaluation in" if evaluation else "no evaluation yet"
            where = f", {person.organisation}" if person.organisation else ""
            self.who.setText(f"<b>{person.full_name}</b>{where} — {state}")
        form = evaluation.form if evaluation else EvaluationForm()
        self._shown_form = form
        for name, box in self.ratings.items():
            box.set_score(getattr(form, name))
        for name, edit in self.texts.items():
            edit.setPlainText(getattr(form, name) or "")
        self.consent.setChecked(form.consent_to_quote)
        self.delete_button.setEnabled(evaluation is not None)

    # --- actions ---------------------------------------------------------------------------

    def current_form(self) -> EvaluationForm:
        return EvaluationForm(
            **{name: box.score() for name, box in self.ratings.items()},
            **{name: edit.toPlainText() for name, edit in self.texts.items()},
            consent_to_quote=self.consent.isChecked(),
        )

    def save(self, then: int | None = None) -> None:
        """Save the attendee's evaluation, then show `then` (default: the next without one)."""
        row = self.people.currentRow()
        if not 0 <= row < len(self.attendees):
            return
        person = self.attendees[row]
        version = person.evaluation.version if person.evaluation else None
        following = then if then is not None else self._next_booking(row)
        self.ctx.tasks.run(
            evaluations.save_evaluation, self.ctx.db, person.booking_id, self.current_form(),
            expected_version=version,
            on_done=lambda _record: self._saved(following),
            on_error=self._failed,
        )

    def _next_booking(self, row: int) -> int | None:
        """The next attendee still without an evaluation, after this one (wrapping round)."""
        count = len(self.attendees)
        for step in range(1, count):
            candidate = self.attendees[(row + step) % count]
            if candidate.evaluation is None:
                return candidate.booking_id
        return self.attendees[row].booking_id

    def _saved(self, following: int | None) -> None:
        self._own_change = True
        try:
            self.ctx.changes.changed.emit("evaluations")
        finally:
            self._own_change = False
        self.refresh(select_booking=following)
        self.ratings["overall_rating"].setFocus()

    def remove(self) -> None:
        booking = self._current_booking()
        if booking is None:
            return
        self.ctx.tasks.run(evaluations.delete_evaluation, self.ctx.db, booking,
                           on_done=lambda _removed: self._saved(booking), on_error=self._failed)

    def copy_emails(self) -> None:
        missing = [a for a in self.attendees if a.evaluation is None]
        QGuiApplication.clipboard().setText(evaluations.chase_emails(missing))

    def _set_hold_back(self, on: bool) -> None:
        self.ctx.tasks.run(evaluations.set_hold_back_certificates, self.ctx.db, on,
                           on_done=lambda _: self.ctx.changes.changed.emit("settings"),
                           on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        show_error(self, error)

    def import_file(self) -> None:
        EvaluationImportDialog(self.ctx, self).open()

    def _save_summary(self, kind: str) -> None:
        if self.summary.summary is not None:
            ask_and_save(self.ctx, self, self.summary.summary, kind,
                         on_saved=lambda path: self.saved_note.setText(f"Saved {path}"))

    def _on_changed(self, kind: str) -> None:
        if self.session_id is None or self._own_change:
            return
        if concerns(kind, "bookings", "delegates", "sessions", "settings", "evaluations"):
            self.show_session(self.session_id)
