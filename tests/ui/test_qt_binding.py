"""The Qt binding itself must be safe on this Python: a guard against a known-bad PySide6.

PySide6 6.12.0 on CPython 3.11 released a reference to None on every call of a Qt method
that returns nothing, so the app aborted ("none_dealloc") after some thousands of
repaints. The version range in pyproject.toml keeps it out; this test fails if it returns.
"""

import sys

from PySide6.QtWidgets import QApplication, QWidget


def test_calling_qt_methods_leaves_none_alone(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    QApplication.processEvents()
    before = sys.getrefcount(None)
    for _ in range(2_000):
        widget.update()
        widget.setWindowTitle("PSCP Training")
        QApplication.processEvents()
    # Unrelated code may take or drop a few references to None; a binding bug drops thousands.
    assert sys.getrefcount(None) - before > -500
