"""Press every enabled button and menu action of the main window, answering every question.

File, input and message dialogs are answered automatically (monkeypatched static methods);
`QDialog.exec` opens the dialog without blocking so its own buttons can be pressed too.
Each error box that appears is recorded with what was pressed to raise it.
"""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QWidget,
)

from pscp_training.register.columns import BOOKING_COLUMN_NAMES

# Buttons whose job is to leave: pressed last (or never), so the rest can be reached.
LEAVING = {"Cancel", "Close", "Quit", "Finish"}
NEVER = {"Quit", "← Sessions", "← Back to Sessions"}


def _plain(text: str) -> str:
    """A button's text without its keyboard mnemonic (`&Save` is Save)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


@dataclass
class Presser:
    tmp: Path
    errors: list[str] = field(default_factory=list)
    pressed: list[str] = field(default_factory=list)
    where: str = ""

    def log(self, text: str) -> None:
        self.pressed.append(text)
        with (self.tmp / "pressed.log").open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")

    # --- the automatic answers -----------------------------------------------------------

    def install(self, monkeypatch) -> None:
        register = self.tmp / "register.csv"
        with register.open("w", encoding="utf-8", newline="") as handle:
            out = csv.DictWriter(handle, BOOKING_COLUMN_NAMES)
            out.writeheader()
            out.writerow(dict(
                course_code="AUTO-1", course_title="Auto test course", course_category="DSL",
                agency="multi", session_start="2022-05-10 09:30", session_end="2022-05-10 12:30",
                delivery="in_person", venue="Civic Offices", capacity="12",
                trainer="A Trainer", session_status="scheduled", first_name="Ann",
                last_name="Auto", email="ann.auto@example.org", job_role="Teacher",
                organisation="Arundel Court Primary School", sector="Education",
                booking_status="booked", booked_at="2022-04-20 10:00", attendance="attended",
                walk_in="no"))
        logo = self.tmp / "logo.png"
        from PySide6.QtGui import QPixmap

        pixmap = QPixmap(8, 8)
        pixmap.fill()
        pixmap.save(str(logo))
        counter = iter(range(10_000))

        def save_name(*args, **kwargs):
            text = " ".join(str(a) for a in args[1:] if isinstance(a, str))
            found = re.search(r"\*\.(\w+)", text + str(kwargs.get("filter", "")))
            suffix = found.group(1) if found else "out"
            return str(self.tmp / f"saved-{next(counter)}.{suffix}"), ""

        def open_name(*args, **kwargs):
            text = " ".join(str(a) for a in args[1:] if isinstance(a, str))
            return (str(logo) if "png" in text.lower() else str(register)), ""

        def folder(*_args, **_kwargs):
            path = self.tmp / f"folder-{next(counter)}"
            path.mkdir()
            return str(path)

        monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", open_name)
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", folder)
        monkeypatch.setattr(QInputDialog, "getText",
                            lambda *a, **k: (f"Auto answer {next(counter)}", True))
        monkeypatch.setattr(QInputDialog, "getItem",
                            lambda _p, _t, _l, items, *a, **k: (items[0] if items else "", True))
        monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (1, True))
        # Questions are answered No: nothing is cancelled or removed by the walk itself.
        for name in ("question", "warning", "information", "critical"):
            monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.No)
        monkeypatch.setattr(QMessageBox, "about", lambda *a, **k: None)
        monkeypatch.setattr(QDialog, "exec", lambda dialog: (dialog.open(), 0)[1])

    # --- looking and pressing --------------------------------------------------------------

    def check_errors(self, what: str) -> None:
        QApplication.processEvents()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                self.errors.append(f"{self.where} › {what}: {widget.text()}")
                with (self.tmp / "errors.log").open("a", encoding="utf-8") as handle:
                    handle.write(self.errors[-1] + "\n")
                widget.close()

    def dialogs(self) -> set[QWidget]:
        return {w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and not isinstance(w, QMessageBox) and w.isVisible()}

    def choose_first_rows(self, root: QWidget) -> None:
        for view in root.findChildren(QAbstractItemView):
            model = view.model()
            if view.isVisible() and model is not None and model.rowCount() > 0:
                view.setCurrentIndex(model.index(0, 0))

    def buttons(self, root: QWidget) -> list[QAbstractButton]:
        # Push buttons only: ticking boxes and choosing radio buttons changes settings, and
        # is not what a button press means.
        found = [b for b in root.findChildren(QPushButton)
                 if b.isVisible() and b.isEnabled() and b.text().strip()
                 and _plain(b.text()) not in NEVER and not b.text().startswith("← ")
                 and b.menu() is None]
        return sorted(found, key=lambda b: _plain(b.text()) in LEAVING)

    def press(self, button: QAbstractButton, label: str, in_dialog: bool) -> None:
        before = self.dialogs()
        self.log(f"{self.where} › {label}")
        button.click()
        self.check_errors(label)
        for dialog in self.dialogs() - before:
            if in_dialog:
                dialog.reject()  # one level deep is enough
                continue
            self.press_in_dialog(dialog, label)

    def press_in_dialog(self, dialog: QDialog, opened_by: str) -> None:
        where = self.where
        self.where = f"{where} › {opened_by} ({dialog.windowTitle()})"
        self.choose_first_rows(dialog)
        for tabs in [dialog, *dialog.findChildren(QTabWidget)]:
            count = tabs.count() if isinstance(tabs, QTabWidget) else 1
            for index in range(count):
                if isinstance(tabs, QTabWidget):
                    tabs.setCurrentIndex(index)
                for button in self.buttons(dialog):
                    if not dialog.isVisible():
                        break
                    if _plain(button.text()) in LEAVING:
                        continue
                    self.press(button, button.text(), in_dialog=True)
        if dialog.isVisible():
            dialog.reject()
        self.check_errors("closing")
        self.where = where

    def press_page(self, page: QWidget, name: str) -> None:
        self.where = name
        tab_widgets = [t for t in page.findChildren(QTabWidget) if t.isVisible()] or [None]
        for tabs in tab_widgets:
            for index in range(tabs.count() if tabs else 1):
                if tabs is not None:
                    if not tabs.isTabVisible(index):
                        continue
                    tabs.setCurrentIndex(index)
                    self.where = f"{name} › {tabs.tabText(index)}"
                QApplication.processEvents()
                self.choose_first_rows(page)
                for button in self.buttons(page):
                    if button.isVisible() and button.isEnabled():
                        self.press(button, button.text(), in_dialog=False)
                        self.choose_first_rows(page)

    def press_menus(self, window) -> None:
        for menu_action in window.menuBar().actions():
            menu = menu_action.menu()
            actions = []
            for action in menu.actions() if menu else []:  # File › Import is a submenu
                actions.extend(action.menu().actions() if action.menu() else [action])
            for action in actions:
                if action.isSeparator() or not action.isEnabled() or "Quit" in action.text():
                    continue
                self.where = f"menu {menu.title()}"
                before = self.dialogs()
                self.log(f"{self.where} › {action.text()}")
                action.trigger()
                self.check_errors(action.text())
                for dialog in self.dialogs() - before:
                    self.press_in_dialog(dialog, action.text())


def actions_of(widget: QWidget) -> list[QAction]:
    return widget.findChildren(QAction)
