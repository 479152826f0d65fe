"""Merge two delegate records of the same person: see what moves, resolve each clash, then merge."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pscp_training.domain.merge_records import ClashChoice, MergeClash, MergePreview
from pscp_training.domain.records import DelegateRecord
from pscp_training.domain.years import to_local
from pscp_training.services.common.versions import as_shown_again
from pscp_training.services.people.merge import merge_delegates, preview_merge
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.common.table_view import keyboard_friendly
from pscp_training.ui.people.delegate_table_model import booking_outcome

CHOOSE = "Choose…"
CLASH_HEADERS = ["Session", "Kept record's booking", "Other record's booking", "Booking to keep",
                 "Certificates"]
CERTIFICATE_COLUMN = 4


def certificate_note(clash: MergeClash, choice: ClashChoice | None) -> str:
    """What the clash's choice does to certificates already issued ("" when there are none)."""
    if choice is not None:
        warning = clash.certificate_warning(choice)
        if warning:
            return warning
    numbers = [n for n in (clash.keep_certificate, clash.other_certificate) if n]
    if len(numbers) == 2:
        return (f"Both bookings have a certificate ({numbers[0]} and {numbers[1]}): "
                "the certificate of the booking that goes will be withdrawn.")
    if numbers:
        return f"Certificate {numbers[0]} is kept whichever booking stays; none is withdrawn."
    return ""


def _who(d: DelegateRecord) -> str:
    """A name that tells two records of the same person apart."""
    return f"{d.full_name} ({d.email or d.organisation or 'no email'})"


def _details(d: DelegateRecord) -> str:
    lines = [f"<b>{d.full_name}</b>", d.email or "<i>no email</i>",
             d.organisation or "<i>no organisation</i>"]
    if d.job_role:
        lines.append(d.job_role)
    return "<br>".join(lines)


class MergeDialog(QDialog):
    """Two delegates: the person chooses which record to keep and, per clash, which booking."""

    def __init__(self, ctx, first: DelegateRecord, second: DelegateRecord, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.pair = (first, second)
        self.preview: MergePreview | None = None
        self.merged: DelegateRecord | None = None
        self.setWindowTitle("Merge two delegate records")
        self.resize(1100, 600)

        self.keep_first = QRadioButton("Keep this record")
        self.keep_second = QRadioButton("Keep this record")
        self.keep_first.setChecked(True)
        # The two buttons sit in different boxes, so they need a group to exclude each other.
        self.keep_group = QButtonGroup(self)
        self.keep_group.addButton(self.keep_first)
        self.keep_group.addButton(self.keep_second)
        sides = QHBoxLayout()
        sides.setAlignment(Qt.AlignmentFlag.AlignTop)
        for delegate, radio in zip(self.pair, (self.keep_first, self.keep_second), strict=True):
            box = QGroupBox()
            inner = QVBoxLayout(box)
            label = QLabel(_details(delegate))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            inner.addWidget(label)
            inner.addWidget(radio)
            box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            sides.addWidget(box)
            radio.toggled.connect(self._keep_changed)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.clash_intro = QLabel()
        self.clash_intro.setWordWrap(True)
        self.clashes = QTableWidget(0, 5)
        keyboard_friendly(self.clashes)
        self.clashes.setObjectName("clashTable")
        self.clashes.setHorizontalHeaderLabels(CLASH_HEADERS)
        self.clashes.setWordWrap(True)
        self.clashes.verticalHeader().hide()
        self.clashes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.clashes.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.clashes.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # The certificate sentence wraps in what is left, beside the choice it depends on.
        header.setSectionResizeMode(CERTIFICATE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_args: self._fit_rows())
        self.use_suggested = QPushButton("Use the suggested choices")
        self.use_suggested.clicked.connect(self.choose_suggested)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(
            "Merge", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(sides)
        layout.addWidget(self.summary)
        layout.addWidget(self.clash_intro)
        layout.addWidget(self.clashes, 1)
        self.filler = QWidget()  # takes the room when there is no clash table
        layout.addWidget(self.filler, 1)
        row = QHBoxLayout()
        row.addWidget(self.use_suggested)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self._load()
        if not self.clashes.isVisibleTo(self):
            # Nothing to choose between: as tall as the text, not half the screen of nothing.
            self.resize(min(self.width(), 900), self.sizeHint().height())

    # --- which record is kept --------------------------------------------------------------

    @property
    def keep(self) -> DelegateRecord:
        return self.pair[0] if self.keep_first.isChecked() else self.pair[1]

    @property
    def other(self) -> DelegateRecord:
        return self.pair[1] if self.keep_first.isChecked() else self.pair[0]

    def _keep_changed(self, checked: bool) -> None:
        if checked:
            self._load()

    def _load(self) -> None:
        self.merge_button.setEnabled(False)
        self.ctx.tasks.run(preview_merge, self.ctx.db, self.keep.id, self.other.id,
                           on_done=self._show, on_error=lambda exc: show_error(self, exc))

    # --- the preview -----------------------------------------------------------------------

    def _show(self, preview: MergePreview) -> None:
        self.preview = preview
        keep, other = _who(preview.keep), _who(preview.other)
        moves = len(preview.moves)
        parts = [
            f"The record {other} will be removed; its "
            f"{moves} booking{'s' if moves != 1 else ''} without a clash will move to {keep}."
        ]
        for what, value in preview.filled:
            parts.append(f"The kept record's blank {what} will be filled with {value}.")
        self.summary.setText(" ".join(parts))
        if preview.clashes:
            self.clash_intro.setText(
                f"<b>Both are booked on {len(preview.clashes)} session"
                f"{'s' if len(preview.clashes) != 1 else ''}.</b> Only one booking per session "
                "can stay: choose which for each. The other booking is removed."
            )
        else:
            self.clash_intro.setText("There are no clashes: no booking will be removed.")
        self.clashes.setVisible(bool(preview.clashes))
        self.filler.setVisible(not preview.clashes)
        self.use_suggested.setVisible(bool(preview.clashes))
        self.clashes.setRowCount(len(preview.clashes))
        for row, clash in enumerate(preview.clashes):
            when = to_local(clash.session.start).strftime("%d %b %Y")
            self.clashes.setItem(row, 0, QTableWidgetItem(f"{when}  {clash.session.course_title}"))
            self.clashes.setItem(row, 1, QTableWidgetItem(booking_outcome(clash.keep_booking)))
            self.clashes.setItem(row, 2, QTableWidgetItem(booking_outcome(clash.other_booking)))
            combo = QComboBox()
            combo.addItem(CHOOSE, None)
            for choice, whose, booking in (
                (ClashChoice.KEEP, "Kept record's", clash.keep_booking),
                (ClashChoice.OTHER, "Other record's", clash.other_booking),
            ):
                hint = " (suggested)" if clash.suggested == choice else ""
                combo.addItem(f"{whose}: {booking_outcome(booking)}{hint}", choice.value)
            combo.currentIndexChanged.connect(self._update_merge_button)
            self.clashes.setCellWidget(row, 3, combo)
            warning = QLabel()
            warning.setObjectName("certificateWarning")
            warning.setWordWrap(True)
            warning.setContentsMargins(4, 2, 4, 2)
            self.clashes.setCellWidget(row, CERTIFICATE_COLUMN, warning)
            combo.currentIndexChanged.connect(
                lambda _i, row=row, clash=clash: self._show_certificate_warning(row, clash))
            self._show_certificate_warning(row, clash)
        self._update_merge_button()

    def choice_combo(self, row: int) -> QComboBox:
        return self.clashes.cellWidget(row, 3)

    def certificate_warning(self, row: int) -> QLabel:
        return self.clashes.cellWidget(row, CERTIFICATE_COLUMN)

    def _show_certificate_warning(self, row: int, clash: MergeClash) -> None:
        value = self.choice_combo(row).currentData()
        label = self.certificate_warning(row)
        label.setText(certificate_note(clash, None if value is None else ClashChoice(value)))
        # Red only when the choice made withdraws a certificate: that is what must not be missed.
        withdraws = value is not None and clash.withdrawn_certificate(ClashChoice(value))
        label.setStyleSheet("color: #b00020;" if withdraws else "")
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows tall enough for the whole certificate sentence at the column's current width."""
        width = self.clashes.columnWidth(CERTIFICATE_COLUMN)
        for row in range(self.clashes.rowCount()):
            label = self.certificate_warning(row)
            needed = label.heightForWidth(width) + 4 if label and label.text() else 0
            self.clashes.setRowHeight(row, max(self.clashes.sizeHintForRow(row), needed))

    def choose_suggested(self) -> None:
        for row, clash in enumerate(self.preview.clashes if self.preview else ()):
            combo = self.choice_combo(row)
            combo.setCurrentIndex(combo.findData(clash.suggested.value))

    def resolutions(self) -> dict[int, ClashChoice] | None:
        """The choice for every clash, or None while one is still to be made."""
        chosen = {}
        for row, clash in enumerate(self.preview.clashes if self.preview else ()):
            value = self.choice_combo(row).currentData()
            if value is None:
                return None
            chosen[clash.session.id] = ClashChoice(value)
        return chosen

    def _update_merge_button(self) -> None:
        self.merge_button.setEnabled(self.preview is not None and self.resolutions() is not None)

    # --- merging ---------------------------------------------------------------------------

    def merge(self) -> None:
        resolutions = self.resolutions()
        if self.preview is None or resolutions is None:
            return
        self.ctx.tasks.run(
            merge_delegates, self.ctx.db, self.preview.keep.id, self.preview.other.id,
            resolutions, self.preview.expected_versions,
            on_done=self._merged, on_error=self._failed,
        )

    def _merged(self, record: DelegateRecord) -> None:
        self.merged = record
        self.ctx.changes.changed.emit("delegates")
        self.ctx.changes.changed.emit("bookings")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        show_error(self, as_shown_again(exc, "The preview"))
        self._load()  # someone may have changed either record; show what is true now
