"""When the database cannot be opened at start: say why, and offer to change the setting or retry."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

from pscp_training import config
from pscp_training.ui.settings.settings_dialog import DatabaseBox


class DatabaseProblemDialog(QDialog):
    """A calm explanation and the database setting, instead of a traceback."""

    def __init__(self, ctx, message: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("PSCP Training cannot open its database")
        self.setMinimumWidth(600)
        text = QLabel(f"<h3>The database could not be opened</h3><p>{message}</p>")
        text.setObjectName("problem")
        text.setWordWrap(True)
        self.database = DatabaseBox(
            ctx, self, note="Choose the database to use, test it, then try again.")
        buttons = QDialogButtonBox()
        retry = QPushButton("Save and try again")
        retry.setDefault(True)
        buttons.addButton(retry, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save_and_retry)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.database)
        layout.addWidget(buttons)

    def save_and_retry(self) -> None:
        if not self.database.confirm_save():
            return
        self.database.ctx.tasks.run(config.save_database_url, self.database.chosen_url(),
                                    on_done=lambda _r: self.accept())
