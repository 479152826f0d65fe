"""The safeguarding-role drop-down the delegate's record and the booking box share."""

from PySide6.QtWidgets import QComboBox

from pscp_training.domain.refreshers import SafeguardingRole

NONE = "None"


class RoleChoice(QComboBox):
    """None, DSL or Deputy DSL (of the delegate's organisation)."""

    def __init__(self, role: str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("safeguarding_role")
        self.addItem(NONE, None)
        for choice in SafeguardingRole:
            self.addItem(f"{choice.label} of their organisation", choice.value)
        self.set_role(role)
        self.setToolTip("DSLs and deputies are followed on the Refreshers page.")

    def set_role(self, role: str | SafeguardingRole | None) -> None:
        index = self.findData(SafeguardingRole(role).value if role else None)
        self.setCurrentIndex(max(index, 0))

    def role(self) -> str | None:
        return self.currentData()
