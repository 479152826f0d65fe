"""Printing a session's certificates: one PDF per delegate (to email) or one PDF (to print)."""

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from pscp_training.domain.records import SessionRecord
from pscp_training.ui.common import formatting as fmt


class CertificatesDialog(QDialog):
    """Asks how to write the certificates and where; `chosen` holds (folder, combined) on OK."""

    def __init__(self, session: SessionRecord, folder: str, parent=None):
        super().__init__(parent)
        self.setObjectName("certificates_dialog")
        self.setWindowTitle("Certificates")
        self.setMinimumWidth(520)
        self.chosen: tuple[Path, bool] | None = None
        heading = QLabel(f"Certificates for everyone marked attended on "
                         f"{fmt.session_title(session)}.")
        heading.setWordWrap(True)
        self.one_each = QRadioButton("&One PDF per delegate (to email to each person)")
        self.combined = QRadioButton("One &combined PDF, a page per delegate (to print in one go)")
        self.one_each.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.one_each)
        group.addButton(self.combined)
        self.folder = QLineEdit(folder)
        self.folder.setObjectName("certificates_folder")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(QLabel("&Save in"))
        where.itemAt(0).widget().setBuddy(self.folder)
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Write certificates")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.folder.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.one_each)
        layout.addWidget(self.combined)
        layout.addLayout(where)
        layout.addWidget(self.buttons)
        self._update()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Save the certificates in",
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _update(self, *_args) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.folder.text().strip()))

    def _accept(self) -> None:
        self.chosen = (Path(self.folder.text().strip()), self.combined.isChecked())
        self.accept()
