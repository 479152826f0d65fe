"""Figure: the import wizard (File > Import) on the 100,000-row register into a copy of the
million-booking database, offscreen, with the real worker thread: the file checked (the dry
run), then imported with its progress bar. Recorded beside the time: the largest gap between
two changes of what the person sees moving (the check page's bar, then the import page's).

The floor, `service`: the same import through the service layer, `import_register(db, path)`
once, into a copy of the same database - the same checks, the same planning against the
million stored bookings, the same writing and audit trail, without the wizard's dry run, its
worker thread and its widgets. (The storing floor of fig_import has no validation and an
empty database: it is a floor of another kind.)

    python -m benchmarks.probe fig_import_wizard ours|service REPEATS REGISTER DB_URL [SHOT.png]
"""

import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from pscp_training.db.engine import Database
from pscp_training.services.imports.register_import import import_register


def probe(variant: str, repeats: int, path: str, url: str, shot: str = ""):
    times: list[float] = []
    gaps: list[tuple[float, str]] = []
    for _ in range(repeats):
        with _copy_of(url) as copy:
            db = Database(copy)
            try:
                if variant == "ours":
                    seconds, gap = _through_the_wizard(db, path, shot)
                    gaps.append(gap)
                else:
                    started = time.perf_counter()
                    import_register(db, path)
                    seconds = time.perf_counter() - started
            finally:
                db.dispose()
        times.append(seconds)
    if not gaps:
        return times, ""
    gap, where = max(gaps)
    return times, f"largest gap between two movements {gap:.2f} s ({where})"


class _copy_of:
    """A throw-away copy of the benchmark database, made before the clock starts."""

    def __init__(self, url: str):
        self.url = url
        self.copy = ""

    def __enter__(self) -> str:
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite":
            folder = tempfile.mkdtemp(prefix="pscp-wizard-")
            target = Path(folder) / "copy.sqlite3"
            shutil.copy(parsed.database, target)
            self.copy = f"sqlite:///{target}"
            return self.copy
        name = f"pscp_bench_wizard_{uuid.uuid4().hex[:8]}"
        admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        try:
            for attempt in range(150):  # TEMPLATE needs the source to have no other session
                try:
                    with admin.connect() as c:
                        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{parsed.database}"'))
                    break
                except Exception as exc:
                    if "being accessed by other users" not in str(exc) or attempt == 149:
                        raise
                    time.sleep(2)
        finally:
            admin.dispose()
        self.copy = parsed.set(database=name).render_as_string(hide_password=False)
        return self.copy

    def __exit__(self, *_exc) -> None:
        parsed = make_url(self.copy)
        if parsed.get_backend_name() == "sqlite":
            shutil.rmtree(Path(parsed.database).parent, ignore_errors=True)
            return
        admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        admin.dispose()


def _through_the_wizard(db: Database, path: str, shot: str) -> tuple[float, float]:
    """Seconds from pressing Check to the summary shown, and the largest wait between two
    visible movements (a bar's value changing, or the page changing)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication, QProgressBar

    from pscp_training.ui.common.context import AppContext, ChangeHub
    from pscp_training.ui.common.tasks import TaskRunner
    from pscp_training.ui.imports.import_wizard import ImportWizard

    app = QApplication.instance() or QApplication([])
    folder = tempfile.mkdtemp(prefix="pscp-wizard-settings-")
    settings = QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(db=db, tasks=TaskRunner(), changes=ChangeHub(), settings=settings)
    wizard = ImportWizard(ctx)
    wizard.show()
    wizard.choose_file(path)
    moved: list[tuple[float, str]] = []  # when, and what moved
    for bar in wizard.findChildren(QProgressBar):
        bar.valueChanged.connect(lambda value, bar=bar: moved.append(
            (time.perf_counter(), f"{bar.objectName()} {value:,}/{bar.maximum():,}")))
    shot_at = [None]

    def wait_for(done) -> None:
        while not done():
            ctx.tasks.wait_idle(50)
            app.processEvents()
            bar = wizard.import_page.progress
            if shot and shot_at[0] is None and wizard.currentPage() is wizard.import_page \
                    and bar.value() > bar.maximum() * 3 // 4:
                wizard.grab().save(shot)
                shot_at[0] = bar.value()

    started = time.perf_counter()
    moved.append((started, "Check pressed"))
    wizard.next()  # Check: the dry run
    wait_for(lambda: wizard.check_page.passed or ctx.tasks.idle and wizard.check_page.isComplete()
             or ctx.tasks.idle and "Checking" not in wizard.check_page.headline.text())
    if not wizard.check_page.passed:
        raise RuntimeError(f"the check failed: {wizard.check_page.headline.text()[:300]}")
    moved.append((time.perf_counter(), "the check's verdict shown; Import pressed"))
    wizard.next()  # Import
    wait_for(lambda: wizard.import_page.done)
    finished = time.perf_counter()
    moved.append((finished, "the summary shown"))
    if wizard.imported is None:
        raise RuntimeError(f"the import failed: {wizard.import_page.summary.text()[:300]}")
    wizard.close()
    wizard.deleteLater()
    QCoreApplication.processEvents()
    shutil.rmtree(folder, ignore_errors=True)
    moved.sort()
    gap, after, before = max((b[0] - a[0], a[1], b[1]) for a, b in zip(moved, moved[1:],
                                                                    strict=False))
    return finished - started, (gap, f"{after} -> {before}")
