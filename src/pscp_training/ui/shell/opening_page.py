"""What the main window's page area shows while the database opens: a calm line, not a blank."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

OPENING = "Opening the database…"


def opening_page() -> QWidget:
    page = QWidget()
    page.setObjectName("opening_page")
    # Centred by the markup and the stretches: Qt's alignment enums are not loaded yet.
    label = QLabel(f"<p align='center' style='font-size: 14pt;'>{OPENING}</p>"
                   "<p align='center'>The pages appear as soon as it is ready.</p>")
    label.setStyleSheet("color: #4a4a4a;")
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addWidget(label)
    layout.addStretch(1)
    return page
