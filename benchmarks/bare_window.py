"""The start-up baseline: a bare PySide6 QMainWindow with one QTableView, painted, then closed."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    view = QTableView()
    view.setModel(QStandardItemModel(0, 9))
    window.setCentralWidget(view)
    window.resize(1280, 720)
    window.show()
    # The same "painted and usable" moment the application marks: the first turn of the
    # event loop after show() has handled the expose and paint events.
    QTimer.singleShot(0, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
