"""Small pieces the steps of the online-bookings wizard share."""


from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QScrollArea,
    QWidget,
)

from pscp_training.domain.years import to_local


def note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def session_label(record) -> str:
    when = to_local(record.start).strftime("%a %d %b %Y %H:%M")
    return f"{record.course_code} {record.course_title} — {when} (session {record.id})"


def scrolling(form: QFormLayout) -> QScrollArea:
    """A form that scrolls when the wizard is shorter than its rows (150 % on a laptop)."""
    holder = QWidget()
    form.setContentsMargins(0, 0, 4, 0)
    form.setAlignment(Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    holder.setLayout(form)
    area = QScrollArea()
    area.setWidget(holder)
    # As wide as the labels and drop-downs need: the form scrolls down, never sideways.
    area.setMinimumWidth(holder.minimumSizeHint().width()
                         + area.verticalScrollBar().sizeHint().width())
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
