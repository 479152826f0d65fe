"""The main window: a sidebar of pages, the menus and shortcuts, and the remembered layout.

It imports only Qt and the shell, so the desktop app can paint it before the database is
open (`ctx.db` None: an "Opening the database…" page); `database_opened()` fills it.
"""

from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from pscp_training.ui.shell.opening_page import OPENING, opening_page
from pscp_training.ui.shell.page_list import (
    COURSES,
    HOME,
    PAGES,
    PEOPLE,
    SESSIONS,
    DataProtectionDialog,
    GuideDialog,
    ImportWizard,
    MessageSettingsDialog,
    OnlineBookingsWizard,
    PublishProgrammeDialog,
    RestoreFlow,
    SessionPage,
    SettingsDialog,
    send_due_reminders,
)
from pscp_training.ui.shell.window_geometry import restore_window, save_window

__all__ = ["PAGES", "MainWindow"]
# Until the first paint, Qt's enum namespace (`QtCore.Qt`, 40 ms to load) is not named:
# shortcuts are written as text and the sidebar's scroll bar is set once the data is there.


def _depth(widget: QWidget) -> int:
    depth = 0
    while widget.parentWidget() is not None:
        widget, depth = widget.parentWidget(), depth + 1
    return depth


class MainWindow(QMainWindow):
    """Pages are made when first shown, so the window is usable at once on any database.

    Made with no database yet (`ctx.db` None), it shows its sidebar and menus, remembers
    the page asked for, and keeps the commands needing data off until `database_opened()`.
    """

    def __init__(self, ctx, parent=None, *, database_label: str = ""):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("PSCP Training")
        self.setMinimumSize(QSize(960, 600))
        self.pages: dict[str, QWidget] = {}
        self.session_page = None  # made on the first open_session
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setMinimumWidth(230)
        self.sidebar.setMaximumWidth(280)
        self.sidebar.setStyleSheet("QListWidget { font-size: 11pt; } "
                                   "QListWidget::item { padding: 8px 10px; }")
        for _key, label, _factory in PAGES:
            self.sidebar.addItem(QListWidgetItem(label))
        self.stack = QStackedWidget()
        self.opening_page: QWidget | None = None
        self._wanted = HOME  # the page to show once the database is open
        self._needs_database: list[QAction] = []
        self.splitter = QSplitter()
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([230, 1100])
        self.setCentralWidget(self.splitter)
        self._make_menus()
        if database_label:
            self.statusBar().showMessage(f"Database: {database_label}")
        elif ctx.db is None:
            self.statusBar().showMessage(OPENING)
        self.sidebar.currentRowChanged.connect(self._sidebar_changed)
        self._came_from = SESSIONS  # where "← Back" from a session returns to
        ctx.changes.open_session.connect(self.open_session)
        ctx.changes.open_session_on.connect(self.open_session)
        ctx.changes.open_delegate.connect(self.open_delegate)
        self._restore_layout()
        if ctx.db is None:
            self.opening_page = opening_page()
            self.stack.addWidget(self.opening_page)
            for action in self._needs_database:
                action.setEnabled(False)
        else:
            self._tidy_sidebar()
        self.show_page(HOME)

    def _tidy_sidebar(self) -> None:
        self.sidebar.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    @property
    def is_open(self) -> bool:
        """Whether the database is open and the pages can be shown."""
        return self.ctx.db is not None

    def database_opened(self, database_label: str) -> QWidget:
        """`ctx.db` is set: turn the commands on and show the page asked for so far."""
        self.statusBar().showMessage(f"Database: {database_label}")
        for action in self._needs_database:
            action.setEnabled(True)
        self._tidy_sidebar()
        page = self.show_page(self._wanted)
        if self.opening_page is not None:
            self.stack.removeWidget(self.opening_page)
            self.opening_page.deleteLater()
            self.opening_page = None
        return page

    # --- pages -----------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page, made on first use (the "Opening the database…" page until it is open)."""
        if not self.is_open:
            self._wanted = key
            return self.opening_page
        if key not in self.pages:
            factory = next(f for k, _label, f in PAGES if k == key)
            page = factory(self.ctx, self)
            page.setObjectName(f"{key}_page")
            self.pages[key] = page
            self.stack.addWidget(page)
        return self.pages[key]

    def show_page(self, key: str) -> QWidget:
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        row = next(i for i, (k, _l, _f) in enumerate(PAGES) if k == key)
        if self.sidebar.currentRow() != row:
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(row)
            self.sidebar.blockSignals(False)
        return page

    def _sidebar_changed(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.show_page(PAGES[row][0])

    def current_page(self) -> QWidget:
        return self.stack.currentWidget()

    def open_session(self, session_id: int, tab: str = ""):
        """Show a session (on `tab`, e.g. "register"); its "← Back" returns to this page."""
        if self.session_page is None:
            self.session_page = SessionPage(self.ctx, self)
            self.session_page.setObjectName("session_page")
            self.session_page.back_requested.connect(self.go_back)
            self.stack.addWidget(self.session_page)
        current = self.current_page()
        if current is not self.session_page:
            self._came_from = next((k for k, page in self.pages.items() if page is current),
                                   SESSIONS)
        self.session_page.set_back_label(self.page_label(self._came_from))
        self.session_page.show_session(session_id)
        if tab:
            self.session_page.show_tab(tab)
        self.stack.setCurrentWidget(self.session_page)
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(1)  # a session belongs under Sessions
        self.sidebar.blockSignals(False)
        return self.session_page

    def back_from_session(self) -> None:
        if self.session_page is not None and self.current_page() is self.session_page:
            self.go_back()

    def go_back(self) -> QWidget:
        page = self.show_page(self._came_from)
        page.setFocus()
        return page

    @staticmethod
    def page_label(key: str) -> str:
        return next(label for k, label, _f in PAGES if k == key)

    def switch_tab(self, step: int) -> None:
        """Ctrl+Tab / Ctrl+Shift+Tab: the next or previous tab of the page showing."""
        tabs = self._page_tabs()
        if tabs is None or tabs.count() < 2:
            return
        index = tabs.currentIndex()
        for _ in range(tabs.count()):
            index = (index + step) % tabs.count()
            if tabs.isTabVisible(index) and tabs.isTabEnabled(index):
                tabs.setCurrentIndex(index)
                return

    def _page_tabs(self) -> QTabWidget | None:
        """The page's own tabs: those holding the focus, else the outermost on the page."""
        page = self.current_page()
        focus = QApplication.focusWidget()
        outermost = None
        widget = focus
        while widget is not None and widget is not page:
            if isinstance(widget, QTabWidget):
                outermost = widget
            widget = widget.parentWidget()
        if outermost is not None and widget is page:
            return outermost
        found = [t for t in page.findChildren(QTabWidget) if t.isVisible()]
        return min(found, key=_depth, default=None)

    def open_delegate(self, delegate_id: int) -> QWidget:
        page = self.show_page(PEOPLE)
        show = getattr(page, "show_delegate", None)
        if show is not None:
            show(delegate_id)
        return page

    # --- menus -----------------------------------------------------------------------------

    def _action(self, menu, text: str, slot, shortcut=None, name: str | None = None, *,
                data: bool = False) -> QAction:
        """A menu command; `data`: it works on the database, so it waits until that is open."""
        action = QAction(text, self)
        if shortcut is not None:
            # The property, which is setShortcut(): that method's overloads make PySide load
            # Qt's enum namespace before the first paint.
            if not isinstance(shortcut, QKeySequence):  # (copying one would load it too)
                shortcut = QKeySequence(shortcut)
            action.setProperty("shortcut", shortcut)
        action.triggered.connect(slot)
        if name:
            action.setObjectName(name)
        menu.addAction(action)
        if data:
            self._needs_database.append(action)
        return action

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        import_menu = file_menu.addMenu("&Import")
        self.import_action = self._action(import_menu, "A &register or the organisations…",
                                          self.import_file, "Ctrl+I", data=True)
        self.online_import_action = self._action(
            import_menu, "&Bookings from another system…", self.import_online_bookings, data=True)
        self.export_action = self._action(file_menu, "&Export register…", self.export_register,
                                          "Ctrl+E", data=True)
        self.backup_action = self._action(file_menu, "&Back up database…", self.back_up, data=True)
        self.restore_action = self._action(file_menu, "Res&tore a backup…", self.restore_backup,
                                            data=True)
        self.privacy_action = self._action(file_menu, "&Data protection…",
                                           self.open_data_protection, data=True)
        self.publish_programme_action = self._action(
            file_menu, "&Publish programme…",
            lambda: PublishProgrammeDialog(self.ctx, self).open(), data=True)
        file_menu.addSeparator()
        self._action(file_menu, "&Settings…", self.open_settings,
                     QKeySequence.StandardKey.Preferences, data=True)
        self._action(file_menu, "&Messages…", lambda: MessageSettingsDialog(self.ctx, self).open(),
                     data=True)
        self._action(file_menu, "Send due &reminders", lambda: send_due_reminders(self.ctx, self),
                     data=True)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = bar.addMenu("&Edit")
        self._action(edit_menu, "&Find", self.focus_search, QKeySequence.StandardKey.Find,
                     data=True)
        self.new_session_action = self._action(edit_menu, "&New session…", self.new_session,
                                               QKeySequence.StandardKey.New, data=True)
        self._action(edit_menu, "New &course…", self.new_course, data=True)

        go_menu = bar.addMenu("&Go")
        for number, (key, label, _factory) in enumerate(PAGES, start=1):
            # "&&": a menu reads a lone & as the next letter's mnemonic and hides it.
            self._action(go_menu, label.replace("&", "&&"),
                         lambda _checked=False, k=key: self.show_page(k), f"Ctrl+{number}")
        go_menu.addSeparator()
        self.back_action = self._action(go_menu, "&Back", self.back_from_session,
                                        QKeySequence(QKeySequence.StandardKey.Back), name="back")
        self._action(go_menu, "Next tab", lambda: self.switch_tab(1),
                     QKeySequence("Ctrl+Tab"), name="next_tab")
        self._action(go_menu, "Previous tab", lambda: self.switch_tab(-1),
                     QKeySequence("Ctrl+Shift+Backtab"),
                     name="previous_tab")
        go_menu.addSeparator()
        # F5 on every platform: the standard Refresh key is not F5 everywhere.
        self.refresh_action = self._action(go_menu, "&Refresh", self.refresh_current,
                                           QKeySequence("F5"), data=True)

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Guide", self.open_guide, QKeySequence.StandardKey.HelpContents,
                     name="guide")
        help_menu.addSeparator()
        self._action(help_menu, "&About PSCP Training", self.about)

    # --- commands --------------------------------------------------------------------------

    def focus_search(self) -> None:
        focus = getattr(self.current_page(), "focus_search", None)
        if focus is not None:
            focus()
        elif self.current_page() is self.session_page:
            self.session_page.book_box.search.setFocus()

    def refresh_current(self) -> None:
        refresh = getattr(self.current_page(), "refresh", None)
        if refresh is not None:
            refresh()

    def new_session(self):
        page = self.show_page(SESSIONS)
        return page.new_session()

    def new_course(self):
        page = self.show_page(COURSES)
        return page.new_course()

    def import_file(self):
        wizard = ImportWizard(self.ctx, self)
        wizard.finished.connect(lambda _r: self.ctx.changes.changed.emit("all"))
        wizard.open()
        return wizard

    def import_online_bookings(self):
        wizard = OnlineBookingsWizard(self.ctx, self)
        wizard.finished.connect(lambda _r: self.ctx.changes.changed.emit("all"))
        wizard.open()
        return wizard

    def export_register(self) -> None:
        from pscp_training.ui.shell import file_commands

        file_commands.export_register(self)

    def back_up(self) -> None:
        from pscp_training.ui.shell import file_commands

        file_commands.back_up(self)

    def restore_backup(self):
        """File › Restore…: check a backup, show what it holds, confirm, replace the data."""
        flow = RestoreFlow(self.ctx, self)
        self.restore_flow = flow  # kept while its dialogs are open
        flow.start()
        return flow

    def open_data_protection(self):
        dialog = DataProtectionDialog(self.ctx, self)
        dialog.open()
        return dialog

    def open_settings(self):
        dialog = SettingsDialog(self.ctx, self)
        dialog.open()
        return dialog

    def open_guide(self):
        dialog = GuideDialog(self)
        dialog.show()
        return dialog

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from pscp_training import __version__ as version

        QMessageBox.about(
            self, "About PSCP Training",
            f"<h3>PSCP Training {version}</h3><p>Courses, sessions, bookings and waiting lists, "
            "registers, certificates and the yearly workforce report for the Safeguarding "
            "Children Partnership's training team.</p>")

    # --- remembered layout -----------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = self.ctx.settings
        restore_window(self, settings)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        save_window(self, self.ctx.settings)
        self.ctx.settings.setValue("window/splitter", self.splitter.saveState())
        self.ctx.settings.sync()

    def closeEvent(self, event) -> None:
        self.save_layout()
        self.ctx.tasks.wait_idle(5_000)
        super().closeEvent(event)
