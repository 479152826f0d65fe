"""The workforce report: year picker, the annual report's tables, chart and exports."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ReportsPage(QWidget):
    """The Reports page (being built)."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Workforce report"))

    def refresh(self) -> None:
        pass
