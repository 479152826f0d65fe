"""Settings: this PC's database and your name, and the team's partnership name, certificates, notice period, sectors."""

import getpass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pscp_training import config
from pscp_training.services.people import people
from pscp_training.services.settings import certificate_settings, connection_check
from pscp_training.services.settings.team_settings_form import (
    TeamSettings,
    load_team_settings,
    save_team_settings,
)
from pscp_training.ui.refreshers.settings_tab import RefreshersTab


def sqlite_url(path: str) -> str:
    return f"sqlite:///{Path(path).expanduser()}"


def open_database_text(db) -> str:
    """The database this window has open, as a person would recognise it (no password)."""
    url = getattr(db, "url", None)
    if url is None:
        return ""
    return url.render_as_string(hide_password=True).removeprefix("sqlite:///")


class DatabaseBox(QGroupBox):
    """Which database this PC uses: the embedded file (where), or a shared PostgreSQL server."""

    def __init__(self, ctx, parent=None, *,
                 note: str = "A change of database takes effect the next time PSCP Training "
                             "starts."):
        super().__init__("Database on this PC", parent)
        self.ctx = ctx
        self.embedded = QRadioButton("Embedded database file (one PC)")
        self.server = QRadioButton("Shared PostgreSQL server (the whole team)")
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.server)
        self.file = QLineEdit()
        self.file.setObjectName("database_file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        self.url = QLineEdit()
        self.url.setObjectName("database_url")
        self.url.setPlaceholderText("postgresql+psycopg://user:password@server/pscp_training")
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self.test_connection)
        self.result = QLabel()
        self.result.setObjectName("connection_result")
        self.result.setWordWrap(True)
        # What is open may differ from what is saved (--db, PSCP_TRAINING_DB): say both.
        open_now = open_database_text(ctx.db)
        self.note = note = QLabel(f"Open now: {open_now}. {note}" if open_now else note)
        note.setObjectName("database_note")
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(self.embedded)
        form.addRow("File", file_row)
        form.addRow(self.server)
        form.addRow("Address", self.url)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.result, 1)
        form.addRow(test_row)
        form.addRow(note)
        self.embedded.toggled.connect(self._kind_changed)
        self.load(config.load_local_settings().get("database_url"))

    def load(self, saved_url: str | None) -> None:
        default_file = config.default_database_url().removeprefix("sqlite:///")
        if saved_url and not saved_url.startswith("sqlite"):
            self.server.setChecked(True)
            self.url.setText(saved_url)
            self.file.setText(default_file)
        else:
            self.embedded.setChecked(True)
            self.file.setText(saved_url.removeprefix("sqlite:///") if saved_url else default_file)
        self._kind_changed()

    def _kind_changed(self, *_args) -> None:
        self.file.setEnabled(self.embedded.isChecked())
        self.url.setEnabled(self.server.isChecked())
        self.result.clear()

    def browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Database file", self.file.text(), "PSCP Training database (*.sqlite3)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.file.setText(path)

    def chosen_url(self) -> str | None:
        """The URL to save; None means the embedded default."""
        if self.server.isChecked():
            return self.url.text().strip()
        default_file = config.default_database_url().removeprefix("sqlite:///")
        text = self.file.text().strip()
        return None if not text or Path(text) == Path(default_file) else sqlite_url(text)

    def test_connection(self) -> None:
        url = self.chosen_url() or config.default_database_url()
        self.result.setText("Connecting…")
        self.ctx.tasks.run(connection_check.check_connection, url,
                           on_done=self.result.setText,
                           on_error=lambda exc: self.result.setText(str(exc)))


def signed_in_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


class YouBox(QGroupBox):
    """The name this PC's changes are recorded under in the history of changes."""

    def __init__(self, parent=None):
        super().__init__("You", parent)
        self.name = QLineEdit(config.operator_name())
        self.name.setObjectName("operator_name")
        user = signed_in_user()
        self.name.setPlaceholderText(f"Blank: your sign-in name, {user}" if user else "")
        note = QLabel("Every booking, mark and edit made on this PC is recorded in the history "
                      "of changes under this name, from the moment you save.")
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        form = QFormLayout(self)
        form.addRow("Your name (for the history of changes)", self.name)
        form.addRow(note)


class SectorsBox(QGroupBox):
    """The sector list organisations are grouped by (the report's attendance by sector)."""

    def __init__(self, ctx, parent=None):
        super().__init__("Sectors", parent)
        self.ctx = ctx
        self.list = QListWidget()
        self.list.setObjectName("sectors")
        add = QPushButton("Add…")
        rename = QPushButton("Rename…")
        add.clicked.connect(self.add)
        rename.clicked.connect(self.rename)
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(rename)
        buttons.addStretch(1)
        note = QLabel("Sectors are added and renamed at once, for everyone.")
        note.setStyleSheet("color: palette(mid);")
        buttons.addWidget(note)
        note.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        self.list.clear()
        for sector in people.list_sectors(self.ctx.db):
            item = QListWidgetItem(sector.name)
            item.setData(Qt.ItemDataRole.UserRole, sector.id)
            self.list.addItem(item)

    def add(self, name: str | None = None) -> None:
        if name is None:
            name, ok = QInputDialog.getText(self, "Add a sector", "Sector name:")
            if not ok:
                return
        self.ctx.tasks.run(people.add_sector, self.ctx.db, name, on_done=self._changed)

    def rename(self, name: str | None = None) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        if name is None:
            name, ok = QInputDialog.getText(self, "Rename sector", "New name:", text=item.text())
            if not ok:
                return
        self.ctx.tasks.run(people.rename_sector, self.ctx.db, item.data(Qt.ItemDataRole.UserRole),
                           name, on_done=self._changed)

    def _changed(self, _sector) -> None:
        self.load()
        self.ctx.changes.changed.emit("organisations")


class SettingsDialog(QDialog):
    """Saves the team's settings in one go; the database choice is kept on this PC."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Settings")
        self.setMinimumSize(620, 480)
        self.logo: bytes | None = None
        current = load_team_settings(ctx.db)
        self.database = DatabaseBox(ctx)
        self.you = YouBox()
        self.partnership = QLineEdit(current.certificate.partnership_name)
        self.partnership.setObjectName("partnership")
        self.notice = QSpinBox()
        self.notice.setObjectName("notice")
        self.notice.setRange(0, 60)
        self.notice.setSuffix(" working days")
        self.notice.setValue(current.notice_working_days)
        self.signatory_name = QLineEdit(current.certificate.signatory_name)
        self.signatory_role = QLineEdit(current.certificate.signatory_role)
        self.logo_preview = QLabel("No logo")
        self.logo_preview.setFixedHeight(60)
        choose_logo = QPushButton("Choose logo…")
        choose_logo.clicked.connect(self.choose_logo)
        remove_logo = QPushButton("Remove")
        remove_logo.clicked.connect(lambda: self.set_logo(None))
        self.set_logo(current.certificate.logo_png)

        team = QWidget()
        team_form = QFormLayout(team)
        team_form.addRow("Partnership name", self.partnership)
        team_form.addRow("Late cancellation if less than", self.notice)
        team_form.addRow("Certificate signatory", self.signatory_name)
        team_form.addRow("Signatory's role", self.signatory_role)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview, 1)
        logo_row.addWidget(choose_logo)
        logo_row.addWidget(remove_logo)
        team_form.addRow("Logo on certificates", logo_row)
        self.sectors = SectorsBox(ctx)
        team_form.addRow(self.sectors)

        tabs = QTabWidget()
        tabs.addTab(team, "The team")
        pc_tab = QWidget()
        pc_layout = QVBoxLayout(pc_tab)
        pc_layout.addWidget(self.you)
        pc_layout.addWidget(self.database)
        pc_layout.addStretch(1)
        tabs.addTab(pc_tab, "This PC")
        tabs.addTab(RefreshersTab(ctx), "Refreshers")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.partnership.setFocus()  # the keys start in the first field, not on the tab bar

    def set_logo(self, data: bytes | None) -> None:
        self.logo = data
        if data:
            pixmap = QPixmap()
            pixmap.loadFromData(data)
            self.logo_preview.setPixmap(pixmap.scaledToHeight(56))
        else:
            self.logo_preview.setText("No logo")

    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Logo for certificates", "", "PNG image (*.png)")
        if path:
            self.set_logo(Path(path).read_bytes())

    def team_settings(self) -> TeamSettings:
        return TeamSettings(
            certificate=certificate_settings.CertificateSettings(
                partnership_name=self.partnership.text(),
                signatory_name=self.signatory_name.text(),
                signatory_role=self.signatory_role.text(),
                logo_png=self.logo,
            ),
            notice_working_days=self.notice.value(),
        )

    def save(self) -> None:
        url = self.database.chosen_url()
        team = self.team_settings()
        operator = self.you.name.text()

        def save_all() -> None:
            # Check the address and the name before writing anything, so a typo saves nothing.
            if url:
                config.validate_url(url)
            config.checked_operator_name(operator)
            save_team_settings(self.ctx.db, team)
            config.save_database_url(url)
            config.save_operator_name(operator)

        self.ctx.tasks.run(save_all, on_done=self._done)

    def _done(self, _result) -> None:
        self.ctx.changes.changed.emit("settings")
        self.accept()
