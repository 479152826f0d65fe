"""Finding text a layout has cut off: a label or button narrower than its text needs."""

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


def clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons under `root` (itself included) narrower than their text."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or not isinstance(widget, (QLabel, QAbstractButton)):
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text()
                                           or widget.pixmap() is not None and not widget.pixmap().isNull()):
            continue
        if isinstance(widget, QAbstractButton) and not widget.text():
            continue
        needed = widget.minimumSizeHint().width() if isinstance(widget, QAbstractButton) \
            else widget.sizeHint().width()
        if widget.width() < needed - 1:
            text = widget.text().replace("\n", " ")[:60]
            found.append(f"{type(widget).__name__} {text!r}: {widget.width()} < {needed}")
    return found
