"""The main window's remembered size and place, kept right when Windows' display scale changes.

Qt saves a geometry in logical pixels: after the scale changes (100 % to 150 %, a new
monitor) the same numbers are a much smaller or larger window. So the scale is saved with
it, and when it differs the window keeps its size on the screen in physical pixels instead.
"""

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtWidgets import QWidget

DEFAULT = QSize(1280, 800)


def size_for_scale(saved: QSize, saved_ratio: float, ratio: float, available: QSize,
                   minimum: QSize) -> QSize:
    """The logical size that covers the same physical pixels at `ratio` as `saved` did at
    `saved_ratio`, never smaller than `minimum` nor larger than the screen's `available`."""
    factor = saved_ratio / ratio if ratio > 0 else 1.0
    width = round(saved.width() * factor)
    height = round(saved.height() * factor)
    width = max(min(width, available.width()), min(minimum.width(), available.width()))
    height = max(min(height, available.height()), min(minimum.height(), available.height()))
    return QSize(width, height)


def save_window(window: QWidget, settings: QSettings) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/ratio", float(window.devicePixelRatioF()))
    normal = window.normalGeometry() if window.isMaximized() else window.geometry()
    settings.setValue("window/size", normal.size())
    settings.setValue("window/maximized", window.isMaximized())


def restore_window(window: QWidget, settings: QSettings) -> None:
    geometry = settings.value("window/geometry")
    if isinstance(geometry, bytes):
        geometry = QByteArray(geometry)
    saved_ratio = settings.value("window/ratio")
    screen = window.screen()
    available = screen.availableGeometry() if screen is not None else QRect(0, 0, 1920, 1080)
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    if not isinstance(geometry, QByteArray) or geometry.isEmpty():
        window.resize(size_for_scale(DEFAULT, 1.0, 1.0, available.size(), window.minimumSize()))
        return
    try:
        saved_ratio = float(saved_ratio)
    except (TypeError, ValueError):
        saved_ratio = None
    size = settings.value("window/size")
    if saved_ratio is None or abs(saved_ratio - ratio) < 0.01 or not isinstance(size, QSize):
        window.restoreGeometry(geometry)
        return
    fitted = size_for_scale(size, saved_ratio, ratio, available.size(), window.minimumSize())
    window.resize(fitted)
    frame = QRect(available.topLeft(), fitted)
    frame.moveCenter(available.center())
    window.move(frame.topLeft())
    if str(settings.value("window/maximized", False)).lower() in ("true", "1"):
        window.showMaximized()

