"""Delegates and organisations: searchable lists, a delegate's training record, edit and merge."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PeoplePage(QWidget):
    """The Delegates & organisations page (being built)."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Delegates and organisations"))

    def refresh(self) -> None:
        pass
