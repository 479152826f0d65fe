"""Add or change a refresher requirement: name, years, the courses that satisfy it, who it covers."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
)

from pscp_training.domain.refresher_records import RequirementRecord
from pscp_training.domain.refreshers import MAX_PERIOD_YEARS, SafeguardingRole
from pscp_training.services.people import people
from pscp_training.services.refreshers import requirements
from pscp_training.services.sessions import catalogue
from pscp_training.ui.common.error_dialogs import show_error


def _checklist(items: list[tuple[str, str]], chosen: set[str], name: str) -> QListWidget:
    widget = QListWidget()
    widget.setObjectName(name)
    for value, text in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def checked(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        widget.item(n).data(Qt.ItemDataRole.UserRole) for n in range(widget.count())
        if widget.item(n).checkState() == Qt.CheckState.Checked
    )


class RequirementDialog(QDialog):
    def __init__(self, ctx, requirement: RequirementRecord | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.requirement = requirement
        self.saved: RequirementRecord | None = None
        self.setWindowTitle("Change requirement" if requirement else "New requirement")
        self.setMinimumSize(520, 560)
        self.name = QLineEdit(requirement.name if requirement else "")
        self.name.setObjectName("requirement_name")
        self.name.setPlaceholderText("e.g. DSL training")
        self.years = QSpinBox()
        self.years.setObjectName("requirement_years")
        self.years.setRange(1, MAX_PERIOD_YEARS)
        self.years.setSuffix(" years")
        self.years.setValue(requirement.period_years if requirement else 2)
        courses = catalogue.list_courses(ctx.db)
        self.courses = _checklist([(c.code, f"{c.code}  {c.title}") for c in courses],
                                  set(requirement.course_codes if requirement else ()), "courses")
        roles = set(requirement.roles if requirement else ())
        self.roles = {}
        role_row = QHBoxLayout()
        for role in SafeguardingRole:
            box = QCheckBox(f"{role.label}s")
            box.setChecked(role in roles)
            self.roles[role] = box
            role_row.addWidget(box)
        role_row.addStretch(1)
        sectors = [s.name for s in people.list_sectors(ctx.db)]
        self.sectors = _checklist([(s, s) for s in sectors],
                                  set(requirement.sectors if requirement else ()), "sectors")
        self.sectors.setMaximumHeight(150)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("In date for", self.years)
        form.addRow(QLabel("Courses whose attendance satisfies it:"))
        form.addRow(self.courses)
        form.addRow("Applies to", role_row)
        form.addRow(QLabel("Of organisations in these sectors:"))
        form.addRow(self.sectors)
        hint = QLabel("No role ticked: everyone in the sectors. No sector ticked: every sector.")
        hint.setStyleSheet("color: palette(mid);")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def form(self) -> requirements.RequirementForm:
        return requirements.RequirementForm(
            name=self.name.text(),
            period_years=self.years.value(),
            course_codes=checked(self.courses),
            roles=tuple(r for r, box in self.roles.items() if box.isChecked()),
            sectors=checked(self.sectors),
        )

    def save(self) -> None:
        self.ctx.tasks.run(
            requirements.save_requirement, self.ctx.db, self.form(),
            requirement_id=self.requirement.id if self.requirement else None,
            expected_version=self.requirement.version if self.requirement else None,
            on_done=self._saved, on_error=lambda exc: show_error(self, exc))

    def _saved(self, record: RequirementRecord) -> None:
        self.saved = record
        self.accept()
