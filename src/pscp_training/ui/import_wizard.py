"""The import wizard: choose a register file, check it, import it, see the summary."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizard, QWizardPage


class ImportWizard(QWizard):
    """File > Import (being built)."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Import")
        page = QWizardPage()
        QVBoxLayout(page).addWidget(QLabel("Choose a file to import."))
        self.addPage(page)

    def refresh(self) -> None:
        pass
