"""Live refresh: other PCs' saves on a shared PostgreSQL database reach the open pages by themselves."""

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from pscp_training.services.common.live_changes import ChangeListener
from pscp_training.ui.common.context import CHANGE_KINDS, ChangeHub

# A burst of saves (someone marking a register row by row) refreshes the pages once.
GATHER_MS = 250


class LiveRefresh(QObject):
    """Carries the listener's news from its own thread to `ChangeHub.changed` on the UI thread.

    The listener calls `heard(change)` from its background thread; the queued
    signal hands it to the thread this object lives on (the UI thread), which
    alone touches widgets. On SQLite the listener does nothing, and neither does this.
    """

    _arrived = Signal(object)

    def __init__(self, changes: ChangeHub, parent: QObject | None = None):
        super().__init__(parent)
        self.changes = changes
        self.listener: ChangeListener | None = None
        self._kinds: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(GATHER_MS)
        self._timer.timeout.connect(self._announce)
        self._arrived.connect(self._gather, Qt.ConnectionType.QueuedConnection)

    def start(self, db) -> "LiveRefresh":
        """Listen to `db` (a pscp_training.db.engine.Database) until `stop()`."""
        self.listener = ChangeListener(db, self.heard).start()
        return self

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
        self._timer.stop()

    @property
    def listening(self) -> bool:
        return self.listener is not None and self.listener.enabled

    def heard(self, change: dict) -> None:
        """Called on the listener's thread: only hands the news on."""
        self._arrived.emit(change)

    def _gather(self, change: dict) -> None:
        kinds = change.get("kinds") if isinstance(change, dict) else None
        for kind in kinds or ["all"]:
            self._kinds.add(kind if kind in CHANGE_KINDS else "all")
        if not self._timer.isActive():
            self._timer.start()

    def _announce(self) -> None:
        kinds, self._kinds = self._kinds, set()
        for kind in ["all"] if "all" in kinds else sorted(kinds):
            self.changes.changed.emit(kind)
