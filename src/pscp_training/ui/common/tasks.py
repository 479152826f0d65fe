"""Running service calls off the UI thread and delivering their results back on it."""

import itertools
import threading
from collections.abc import Callable
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from pscp_training.domain.errors import Cancelled

# `QtCore.Qt` is named only inside functions, and the error dialogs imported when one is
# shown: the runner is made before the main window's first paint, and loading Qt's enum
# namespace (40 ms) and QMessageBox's can wait until then.


def show_error(parent: QWidget | None, error: BaseException) -> None:
    from pscp_training.ui.common.error_dialogs import show_error as show

    show(parent, error)

Callback = Callable[[Any], None]


def dialog_parent() -> QWidget | None:
    """The window an error belongs over: the active dialog or window, never a popup list."""
    widget = QApplication.activeModalWidget() or QApplication.activeWindow()
    while widget is not None and widget.windowType() == QtCore.Qt.WindowType.Popup:
        parent = widget.parentWidget()
        widget = parent.window() if parent is not None else None
    return widget


class _Relay(QObject):
    """Carries a finished job's outcome from a worker thread to the UI thread (queued)."""

    finished = Signal(int, object)  # job id, (succeeded, result or error)
    progressed = Signal(int, int, int)


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable, args, kwargs, relay: _Relay):
        super().__init__()
        self.job_id, self.fn, self.args, self.kwargs, self.relay = job_id, fn, args, kwargs, relay

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # delivered to on_error on the UI thread
            self.relay.finished.emit(self.job_id, (False, exc))
        else:
            self.relay.finished.emit(self.job_id, (True, result))


class TaskRunner(QObject):
    """Runs `fn(*args, **kwargs)` on a worker thread; `on_done(result)` runs on the UI thread.

    Errors go to `on_error(exc)`, or by default to a calm dialog. With
    `synchronous=True` (tests) the call runs at once on the calling thread.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False):
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        # One worker: actions are saved in the order the person made them (Space, Space on
        # the register must end as the second mark, never race the first).
        self._pool.setMaxThreadCount(1)
        self._made_relay: _Relay | None = None
        self._when_idle: list[Callable[[], None]] = []
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[_Job, Callback | None, Callback | None]] = {}
        self._dialogs: dict[int, tuple[QProgressDialog, threading.Event]] = {}
        self._progress_watchers: dict[int, Callable[[int, int], None]] = {}

    @property
    def _relay(self) -> _Relay:
        """The bridge back from the worker thread, made on the UI thread by the first run."""
        if self._made_relay is None:
            relay = _Relay(self)
            queued = QtCore.Qt.ConnectionType.QueuedConnection
            relay.finished.connect(self._deliver, queued)
            relay.progressed.connect(self._show_progress, queued)
            self._made_relay = relay
        return self._made_relay

    # --- running ---------------------------------------------------------------------------

    def run(self, fn: Callable, *args, on_done: Callback | None = None,
            on_error: Callback | None = None, **kwargs) -> None:
        """Run a service call; its result (or error) comes back on the UI thread."""
        if self.synchronous:
            self._run_now(fn, args, kwargs, on_done, on_error)
            return
        job_id = next(self._ids)
        job = _Job(job_id, fn, args, kwargs, self._relay)
        job.setAutoDelete(False)
        self._pending[job_id] = (job, on_done, on_error)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self._pool.start(job)

    def run_with_progress(self, parent: QWidget | None, title: str, fn: Callable, *args,
                          on_done: Callback | None = None, on_error: Callback | None = None,
                          on_progress: Callable[[int, int], None] | None = None,
                          **kwargs) -> None:
        """Run long work with a cancellable progress dialog; `fn` gets `progress=(done, total)`.

        The callback returns False once the person has pressed Cancel, and the
        service is expected to stop and raise Cancelled (nothing kept). `on_progress(done,
        total)` is told too, on the UI thread (for a progress bar on the page itself).
        """
        dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        dialog.setWindowTitle(title)
        # Wide enough for its title in the title bar (which also holds the window's buttons).
        dialog.setMinimumWidth(max(380, dialog.fontMetrics().horizontalAdvance(title) * 3 // 2 + 140))
        dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        stop = threading.Event()
        dialog.canceled.connect(stop.set)
        job_id = next(self._ids)
        self._dialogs[job_id] = (dialog, stop)
        if on_progress is not None:
            self._progress_watchers[job_id] = on_progress

        def progress(done: int, total: int) -> bool:
            if self.synchronous:
                self._show_progress(job_id, done, total)
                QCoreApplication.processEvents()
            else:
                self._relay.progressed.emit(job_id, done, total)
            return not stop.is_set()

        def finish(callback: Callback | None, value) -> None:
            dialog.close()
            self._dialogs.pop(job_id, None)
            self._progress_watchers.pop(job_id, None)
            dialog.deleteLater()
            if callback is not None:
                callback(value)
            elif isinstance(value, BaseException) and not isinstance(value, Cancelled):
                show_error(parent, value)

        def done(result) -> None:
            finish(on_done, result)

        def failed(exc) -> None:
            finish(on_error, exc)

        self.run(fn, *args, on_done=done, on_error=failed, progress=progress, **kwargs)

    def _run_now(self, fn, args, kwargs, on_done, on_error) -> None:
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:
            self._fail(exc, on_error)
            return
        if on_done is not None:
            on_done(result)

    # --- delivering on the UI thread -------------------------------------------------------

    def _deliver(self, job_id: int, outcome: tuple) -> None:
        ok, value = outcome
        _job, on_done, on_error = self._pending.pop(job_id, (None, None, None))
        if not self._pending:
            self.busy_changed.emit(False)
        if not ok:
            self._fail(value, on_error)
        elif on_done is not None:
            on_done(value)
        if not self._pending:
            waiting, self._when_idle = self._when_idle, []
            for callback in waiting:
                callback()

    def when_idle(self, callback: Callable[[], None]) -> None:
        """`callback()` on the UI thread once every job started so far has delivered its
        result (and any job those results started): at once when none is running."""
        if self._pending:
            self._when_idle.append(callback)
        else:
            callback()

    def _fail(self, exc: BaseException, on_error: Callback | None) -> None:
        if on_error is not None:
            on_error(exc)
        else:
            show_error(dialog_parent(), exc)

    def _show_progress(self, job_id: int, done: int, total: int) -> None:
        entry = self._dialogs.get(job_id)
        if entry is None:
            return
        dialog, _stop = entry
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)
        watcher = self._progress_watchers.get(job_id)
        if watcher is not None:
            watcher(done, total)

    # --- waiting (tests, closing the window) -----------------------------------------------

    @property
    def idle(self) -> bool:
        return not self._pending

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        """Process events until every job has delivered its result; False on timeout."""
        timer = QElapsedTimer()
        timer.start()
        while self._pending and timer.elapsed() < timeout_ms:
            self._pool.waitForDone(20)
            QCoreApplication.processEvents()
        QCoreApplication.processEvents()
        return not self._pending
