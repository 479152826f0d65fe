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
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pscp_training import config
from pscp_training.services.people import people, sectors
from pscp_training.services.settings import certificate_settings, connection_check
from pscp_training.services.settings.team_settings_form import (
    TeamSettings,
    load_team_settings,
    save_team_settings,
)
from pscp_training.ui.common.style import QUIET
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
        note.setStyleSheet(QUIET)
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
        self.failed_test: tuple[str, str] | None = None  # (address, why) of a failed test
        self.url.textChanged.connect(lambda _text: self.result.clear())
        # The saved address as kept: its password, if any, is in the keyring, not shown here.
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

        def failed(exc) -> None:
            self.failed_test = (url, str(exc))
            self.result.setText(str(exc))

        def worked(text: str) -> None:
            self.failed_test = None
            self.result.setText(text)

        self.ctx.tasks.run(connection_check.check_connection, url, on_done=worked,
                           on_error=failed)

    def confirm_save(self) -> bool:
        """False when the address to save is the one whose Test connection just failed, unless
        the person says to save it all the same (the app would not open on it)."""
        url = self.chosen_url() or config.default_database_url()
        if self.failed_test is None or self.failed_test[0] != url:
            return True
        answer = QMessageBox.warning(
            self, "The connection test failed",
            f"{self.failed_test[1]}\n\nSave this address anyway? PSCP Training will not open "
            "its data until the database can be reached.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Save


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
        note.setStyleSheet(QUIET)
        form = QFormLayout(self)
        form.addRow("Your name (for the history of changes)", self.name)
        form.addRow(note)


class SectorsBox(QGroupBox):
    """The sector list organisations are grouped by (the report's attendance by sector)."""

    def __init__(self, ctx, parent=None):
        super().__init__("Sectors", parent)
        self.ctx = ctx
        self.last_message = ""
        self.list = QListWidget()
        self.list.setObjectName("sectors")
        self.add_button = QPushButton("Add…")
        self.rename_button = QPushButton("Rename…")
        self.merge_button = QPushButton("Merge into…")
        self.retire_button = QPushButton("Retire")
        self.remove_button = QPushButton("Remove")
        # No slot here takes an argument: clicked(bool) must never arrive as a sector's name.
        self.add_button.clicked.connect(lambda: self.add())
        self.rename_button.clicked.connect(lambda: self.rename())
        self.merge_button.clicked.connect(lambda: self.merge())
        self.retire_button.clicked.connect(lambda: self.toggle_retired())
        self.remove_button.clicked.connect(lambda: self.remove())
        self.list.currentItemChanged.connect(lambda *_args: self._update_buttons())
        buttons = QVBoxLayout()
        for button in (self.add_button, self.rename_button, self.merge_button,
                       self.retire_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.note = QLabel("Changes to sectors take effect at once, for everyone. A retired "
                           "sector keeps its past figures but is not offered for new "
                           "organisations.")
        self.note.setObjectName("sectors_note")
        self.note.setStyleSheet(QUIET)
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.load()

    def load(self) -> None:
        self.list.clear()
        for sector in people.list_sectors(self.ctx.db, include_retired=True):
            item = QListWidgetItem(f"{sector.name} (retired)" if sector.retired else sector.name)
            item.setData(Qt.ItemDataRole.UserRole, sector.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, sector.name)
            item.setData(Qt.ItemDataRole.UserRole + 2, sector.retired)
            if sector.retired:
                item.setForeground(self.palette().placeholderText())
            self.list.addItem(item)
        self._update_buttons()

    def _current(self) -> tuple[int, str, bool] | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return (item.data(Qt.ItemDataRole.UserRole), item.data(Qt.ItemDataRole.UserRole + 1),
                bool(item.data(Qt.ItemDataRole.UserRole + 2)))

    def _update_buttons(self) -> None:
        current = self._current()
        for button in (self.rename_button, self.merge_button, self.retire_button,
                       self.remove_button):
            button.setEnabled(current is not None)
        self.retire_button.setText("Bring back" if current and current[2] else "Retire")

    def add(self) -> None:
        name, ok = QInputDialog.getText(self, "Add a sector", "Sector name:")
        if ok:
            self.ctx.tasks.run(people.add_sector, self.ctx.db, name,
                               on_done=lambda s: self._changed(f"Added the sector '{s.name}'."))

    def rename(self) -> None:
        current = self._current()
        if current is None:
            return
        sector_id, old, _retired = current
        name, ok = QInputDialog.getText(self, "Rename sector", f"New name for '{old}':", text=old)
        if ok:
            self.ctx.tasks.run(
                people.rename_sector, self.ctx.db, sector_id, name,
                on_done=lambda s: self._changed(f"'{old}' is now called '{s.name}'."))

    def merge(self) -> None:
        current = self._current()
        if current is None:
            return
        sector_id, old, _retired = current
        others = [s for s in people.list_sectors(self.ctx.db, include_retired=True)
                  if s.id != sector_id]
        if not others:
            return
        name, ok = QInputDialog.getItem(
            self, "Merge sector",
            f"Move every organisation and booking of '{old}' to this sector, and take '{old}' "
            "off the list:", [s.name for s in others], 0, False)
        if not ok:
            return
        into = next((s for s in others if s.name == name), None)
        if into is not None:
            self.ctx.tasks.run(
                sectors.merge_sector, self.ctx.db, sector_id, into.id,
                on_done=lambda s: self._changed(f"'{old}' is merged into '{s.name}'."))

    def toggle_retired(self) -> None:
        current = self._current()
        if current is None:
            return
        sector_id, name, retired = current
        said = f"'{name}' is in use again." if retired else (
            f"'{name}' is retired: past figures keep it; it is no longer offered.")
        self.ctx.tasks.run(sectors.set_sector_retired, self.ctx.db, sector_id, not retired,
                           on_done=lambda _s: self._changed(said))

    def remove(self) -> None:
        current = self._current()
        if current is None:
            return
        self.ctx.tasks.run(sectors.remove_sector, self.ctx.db, current[0],
                           on_done=lambda name: self._changed(f"'{name}' is off the list."))

    def _changed(self, message: str) -> None:
        self.last_message = message
        self.note.setText(message)
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
        if not self.database.confirm_save():
            return
        url = self.database.chosen_url()
        team = self.team_settings()
        operator = self.you.name.text()

        def save_all() -> None:
            # Check the address and the name before writing anything, so a typo saves nothing.
            if url:
                config.validate_url(url)
            config.checked_operator_name(operator)
            # The keyring is what may refuse: keep the address (and its password) first.
            config.save_database_url(url)
            save_team_settings(self.ctx.db, team)
            config.save_operator_name(operator)

        self.ctx.tasks.run(save_all, on_done=self._done)

    def _done(self, _result) -> None:
        self.ctx.changes.changed.emit("settings")
        self.accept()
