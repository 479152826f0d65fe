"""The Charges page: the period's non-attendance to follow up, and the ledger for finance."""

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pscp_training.domain.charging import ChargingPolicy, format_pence, parse_pounds
from pscp_training.domain.errors import PscpError
from pscp_training.domain.wording import plural
from pscp_training.domain.years import now_utc, to_local
from pscp_training.services import messages
from pscp_training.services.follow_up import charges, non_attendance
from pscp_training.services.people import people
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.context import concerns
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.common.paged_table_model import Column, PagedTableModel
from pscp_training.ui.common.table_view import (
    EmptyStateTable,
    keyboard_friendly,
    make_table,
    set_column_widths,
)
from pscp_training.ui.follow_up.reason_dialog import ReasonDialog, ReasonListDialog

FOLLOW_UP_COLUMNS = [
    Column("Date", lambda r: fmt.day(r.session_start)),
    Column("Delegate", lambda r: r.delegate),
    Column("Organisation", lambda r: r.organisation or ""),
    Column("Course", lambda r: r.course_title),
    Column("What", lambda r: r.kind.label),
    Column("Reason", lambda r: r.reason or "— not recorded —"),
    Column("Manager", lambda r: r.manager_email or ""),
]
LEDGER_COLUMNS = [
    Column("Organisation", lambda c: c.organisation),
    Column("Delegate", lambda c: c.delegate),
    Column("Course", lambda c: c.course_code),
    Column("Date", lambda c: fmt.day(c.session_start)),
    Column("Charge", lambda c: c.kind.label),
    Column("Reason", lambda c: c.reason or ""),
    Column("Amount", lambda c: format_pence(c.amount_pence), align_right=True),
    Column("Waived", lambda c: c.waiver_note or "" if c.waived else ""),
]


def quarter_of(day: date) -> tuple[date, date]:
    """The financial quarter (Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar) a day falls in."""
    first_month = ((day.month - 1) // 3) * 3 + 1
    first = date(day.year, first_month, 1)
    last = date(day.year + (first_month == 10), (first_month + 2) % 12 + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def _listed(records: list):
    return lambda offset, limit: records[offset:offset + limit]


class ChargesPage(QWidget):
    """Period at the top; a Non-attendance tab and a Ledger tab below."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.last_message = ""
        first, last = quarter_of(to_local(now_utc()).date())
        self.first = QDateEdit(QDate(first.year, first.month, first.day))
        self.last = QDateEdit(QDate(last.year, last.month, last.day))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.dateChanged.connect(self.refresh)
        self.earlier = QPushButton("◀ Quarter")
        self.later = QPushButton("Quarter ▶")
        self.earlier.clicked.connect(lambda: self.move_quarter(-1))
        self.later.clicked.connect(lambda: self.move_quarter(1))
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Charges and non-attendance</h2>"))
        top.addStretch(1)
        for widget in (self.earlier, QLabel("From"), self.first, QLabel("to"), self.last,
                       self.later):
            top.addWidget(widget)

        self.follow_model = PagedTableModel(FOLLOW_UP_COLUMNS, page_size=1000, parent=self)
        self.follow_view = make_table(self.follow_model, object_name="follow_ups")
        set_column_widths(self.follow_view, [130, 170, 200, 220, 130, 170, 180], stretch=3)
        self.reason_button = QPushButton("Record reason…")
        self.notice_button = QPushButton("Send notice")
        self.reasons_button = QPushButton("Reasons list…")
        self.reason_button.clicked.connect(self.record_reason)
        self.follow_view.doubleClicked.connect(lambda _i: self.record_reason())
        self.notice_button.clicked.connect(self.send_notice)
        self.reasons_button.clicked.connect(self.edit_reasons)
        follow_tab = QWidget()
        follow_layout = QVBoxLayout(follow_tab)
        follow_layout.addWidget(EmptyStateTable(
            self.follow_view, "Nobody was absent or cancelled late in this period."), 1)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.reasons_button, self.notice_button, self.reason_button):
            row.addWidget(button)
        follow_layout.addLayout(row)

        self.ledger_model = PagedTableModel(LEDGER_COLUMNS, page_size=1000, parent=self)
        self.ledger_view = make_table(self.ledger_model, object_name="ledger")
        set_column_widths(self.ledger_view, [200, 160, 80, 130, 120, 150, 80, 200], stretch=7)
        self.total = QLabel()
        self.total.setObjectName("ledger_total")
        self.total.setWordWrap(True)
        self.waive_button = QPushButton("Waive…")
        self.reinstate_button = QPushButton("Reinstate")
        self.xlsx_button = QPushButton("Export XLSX…")
        self.pdf_button = QPushButton("PDF statements…")
        self.policy_button = QPushButton("Charging policy…")
        # clicked(bool) would arrive as the note, path or folder: the buttons ask for them.
        self.waive_button.clicked.connect(lambda: self.waive())
        self.reinstate_button.clicked.connect(self.reinstate)
        self.xlsx_button.clicked.connect(lambda: self.export_xlsx())
        self.pdf_button.clicked.connect(lambda: self.export_pdfs())
        self.policy_button.clicked.connect(self.edit_policy)
        ledger_tab = QWidget()
        ledger_layout = QVBoxLayout(ledger_tab)
        ledger_layout.addWidget(EmptyStateTable(
            self.ledger_view, "No charges in this period."), 1)
        row = QHBoxLayout()
        row.addWidget(self.total, 1)
        for button in (self.policy_button, self.waive_button, self.reinstate_button,
                       self.xlsx_button, self.pdf_button):
            row.addWidget(button)
        ledger_layout.addLayout(row)

        self.tabs = QTabWidget()
        self.tabs.addTab(follow_tab, "&Non-attendance")
        self.tabs.addTab(ledger_tab, "&Ledger")
        self.status = QLabel()
        self.status.setObjectName("charges_status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        # Like the other pages: an action on a row is offered once a row is chosen.
        for view in (self.follow_view, self.ledger_view):
            view.selectionModel().selectionChanged.connect(self._update_buttons)
            view.model().modelReset.connect(self._update_buttons)
        self._update_buttons()
        ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    def _update_buttons(self, *_args) -> None:
        follow_up = self._selected(self.follow_view, self.follow_model) is not None
        self.reason_button.setEnabled(follow_up)
        self.notice_button.setEnabled(follow_up)
        charge = self._selected(self.ledger_view, self.ledger_model)
        self.waive_button.setEnabled(charge is not None and not charge.waived)
        self.reinstate_button.setEnabled(charge is not None and charge.waived)

    # --- the period ------------------------------------------------------------------------

    def period(self) -> tuple[date, date]:
        return self.first.date().toPython(), self.last.date().toPython()

    def set_period(self, first: date, last: date) -> None:
        for edit in (self.first, self.last):
            edit.blockSignals(True)
        self.first.setDate(QDate(first.year, first.month, first.day))
        self.last.setDate(QDate(last.year, last.month, last.day))
        for edit in (self.first, self.last):
            edit.blockSignals(False)
        self.refresh()

    def move_quarter(self, step: int) -> None:
        first, _ = quarter_of(self.period()[0])
        month = first.month - 1 + 3 * step
        self.set_period(*quarter_of(date(first.year + month // 12, month % 12 + 1, 1)))

    def _on_changed(self, kind: str) -> None:
        if concerns(kind, "bookings", "settings", "organisations", "delegates"):
            self.refresh()

    def refresh(self) -> None:
        first, last = self.period()
        if last < first:
            self.status.setText("The period ends before it starts: change the dates.")
            return
        between = charges.period_bounds(first, last)
        self.ctx.tasks.run(non_attendance.follow_ups, self.ctx.db, between=between,
                           on_done=lambda rows: self.follow_model.reset_with(_listed(rows)))
        self.ctx.tasks.run(charges.ledger, self.ctx.db, first, last, on_done=self._show_ledger)

    def _show_ledger(self, rows) -> None:
        self.ledger_model.reset_with(_listed(rows))
        due = sum(c.due_pence for c in rows)
        waived = sum(c.amount_pence for c in rows if c.waived)
        organisations = len({c.organisation_id for c in rows})
        self.total.setText(
            f"{plural(len(rows), 'charge')} to {plural(organisations, 'organisation')} "
            f"· due {format_pence(due)}"
            + (f" · waived {format_pence(waived)}" if waived else "")
        )

    def _say(self, text: str) -> None:
        self.last_message = text
        self.status.setText(text)

    # --- non-attendance --------------------------------------------------------------------

    def _selected(self, view, model):
        rows = view.selectionModel().selectedRows()
        return model.record_at(rows[0].row()) if rows else None

    def record_reason(self) -> ReasonDialog | None:
        record = self._selected(self.follow_view, self.follow_model)
        if record is None:
            return None
        dialog = ReasonDialog(self.ctx, record.booking_id, record.delegate, self)
        dialog.recorded.connect(self._say)
        dialog.open()
        return dialog

    def send_notice(self) -> None:
        record = self._selected(self.follow_view, self.follow_model)
        if record is None:
            return

        def sent(outcome) -> None:
            if outcome.sent:
                self._say(f"The non-attendance notice went to {record.delegate}.")
            elif outcome.skipped:
                self._say(f"{record.delegate} was already sent the notice.")
            else:
                self._say(" ".join(outcome.failed))

        self.ctx.tasks.run(
            lambda: messages.send_non_attendance(
                self.ctx.db, messages.configured_transport(self.ctx.db), [record.booking_id]
            ),
            on_done=sent,
        )

    def edit_reasons(self) -> ReasonListDialog:
        dialog = ReasonListDialog(self.ctx, self)
        dialog.open()
        return dialog

    # --- the ledger ------------------------------------------------------------------------

    def waive(self, note: str | None = None) -> None:
        charge = self._selected(self.ledger_view, self.ledger_model)
        if charge is None:
            return
        if note is None:
            note, ok = QInputDialog.getText(
                self, "Waive charge",
                f"Why is the {format_pence(charge.amount_pence)} charge for {charge.delegate} "
                "waived? (kept for the finance team)")
            if not ok:
                return
            if not note.strip():
                self._say("The charge is still due: a waiver needs a note saying why.")
                return
        self.ctx.tasks.run(charges.waive, self.ctx.db, charge.id, note, on_done=self._changed)

    def reinstate(self) -> None:
        charge = self._selected(self.ledger_view, self.ledger_model)
        if charge is not None:
            self.ctx.tasks.run(charges.reinstate, self.ctx.db, charge.id, on_done=self._changed)

    def _changed(self, charge) -> None:
        state = "waived" if charge.waived else "due again"
        self._say(f"{charge.delegate}'s {format_pence(charge.amount_pence)} charge is {state}.")
        self.refresh()

    def export_xlsx(self, path: str | None = None) -> None:
        first, last = self.period()
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export the ledger", f"Charges {first:%Y-%m-%d} to {last:%Y-%m-%d}.xlsx",
                "Excel workbook (*.xlsx)")
            if not path:
                return
        self.ctx.tasks.run(
            charges.export_ledger_xlsx, self.ctx.db, first, last, path,
            on_done=lambda r: self._say(f"Wrote {fmt.people(r[1], 'charge', 'charges')} "
                                        f"to {r[0]}."))

    def export_pdfs(self, folder: str | None = None) -> None:
        first, last = self.period()
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, "Folder for the PDF statements")
            if not folder:
                return
        self.ctx.tasks.run(
            charges.write_statement_pdfs, self.ctx.db, first, last, folder,
            on_done=lambda paths: self._say(
                f"Wrote {fmt.people(len(paths), 'statement', 'statements')} to {folder}."))

    def edit_policy(self) -> "PolicyDialog":
        dialog = PolicyDialog(self.ctx, self)
        dialog.accepted.connect(lambda: self._say(
            "The charging policy is saved. Charges already raised keep their amounts."))
        dialog.open()
        return dialog


def _checklist(names: list[tuple[str, str]], ticked: set[str]) -> QListWidget:
    widget = QListWidget()
    keyboard_friendly(widget)
    for value, label in names:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if value in ticked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def _ticked(widget: QListWidget) -> frozenset[str]:
    return frozenset(
        widget.item(n).data(Qt.ItemDataRole.UserRole)
        for n in range(widget.count())
        if widget.item(n).checkState() == Qt.CheckState.Checked
    )


class PolicyDialog(QDialog):
    """The charging policy: amounts in pounds, exempt reasons and sectors."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Charging policy")
        policy = charges.get_policy(ctx.db)
        self.no_show = QLineEdit(format_pence(policy.no_show_pence))
        self.late = QLineEdit(format_pence(policy.late_cancellation_pence))
        reasons = [(r.code, r.label) for r in non_attendance.list_reasons(ctx.db)]
        self.reasons = _checklist(reasons, set(policy.exempt_reasons))
        self.reasons.setObjectName("exempt_reasons")
        sectors = [(s.name, s.name) for s in people.list_sectors(ctx.db)]
        self.sectors = _checklist(sectors, set(policy.exempt_sectors))
        self.sectors.setObjectName("exempt_sectors")
        form = QFormLayout()
        form.addRow("No-show on a multi-agency course", self.no_show)
        form.addRow("Cancellation within the notice period", self.late)
        form.addRow("Not charged for these reasons", self.reasons)
        form.addRow("Not charged to these sectors", self.sectors)
        self.charge_refilled = QCheckBox(
            "Charge a late cancellation even when someone on the waiting list took the place")
        self.charge_refilled.setObjectName("charge_refilled")
        self.charge_refilled.setChecked(policy.charge_refilled_late_cancellations)
        form.addRow(self.charge_refilled)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Single-agency sessions are never charged: the organisation "
                                "commissioned them."))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def policy(self) -> ChargingPolicy:
        return ChargingPolicy(
            no_show_pence=parse_pounds(self.no_show.text().replace(",", ""), "no-show charge"),
            late_cancellation_pence=parse_pounds(self.late.text().replace(",", ""),
                                                 "late-cancellation charge"),
            exempt_reasons=_ticked(self.reasons),
            exempt_sectors=_ticked(self.sectors),
            charge_refilled_late_cancellations=self.charge_refilled.isChecked(),
        )

    def accept(self) -> None:
        try:
            policy = self.policy()
        except PscpError as exc:
            show_error(self, exc)
            return
        self.ctx.tasks.run(charges.save_policy, self.ctx.db, policy,
                           on_done=lambda _p: (self.ctx.changes.changed.emit("settings"),
                                               super(PolicyDialog, self).accept()))


