"""The start-up floors: a bare PySide6 QMainWindow with one QTableView, painted, then closed.

With `--database URL` it also imports SQLAlchemy's ORM and counts the sessions table first:
the least any database application written with our stack pays before its data is shown.
Like the app (PSCP_TRAINING_START_MARKS), it writes the moment it is painted to stderr.
"""

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


def _mark(moment: str) -> None:
    print(f"pscp-start {moment} {time.monotonic():.6f}", file=sys.stderr, flush=True)


def main() -> int:
    if "--database" in sys.argv:
        import sqlalchemy.orm  # noqa: F401  (the ORM, as an application would import it)
        from sqlalchemy import create_engine, text

        engine = create_engine(sys.argv[sys.argv.index("--database") + 1])
        with engine.connect() as connection:
            connection.execute(text("SELECT COUNT(*) FROM training_sessions")).scalar()
    app = QApplication(sys.argv)
    window = QMainWindow()
    view = QTableView()
    view.setModel(QStandardItemModel(0, 9))
    window.setCentralWidget(view)
    window.resize(1280, 720)
    window.show()
    # The same "painted" moment the application marks: the first turn of the event loop
    # after show() has handled the expose and paint events.
    QTimer.singleShot(0, lambda: (_mark("painted"), _mark("usable")))
    QTimer.singleShot(0, app.quit)
    code = app.exec()
    os._exit(code)  # the floor does not tidy up


if __name__ == "__main__":
    sys.exit(main())
