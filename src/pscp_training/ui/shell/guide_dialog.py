"""Help › Guide: the short guide shipped with the app (resources/guide), read offline."""

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from pscp_training.locations import resources_dir

GUIDE_PAGES = ("booking", "waiting-list", "register", "certificates", "yearly-report", "import")


class GuideDialog(QDialog):
    """A browser over the bundled HTML pages; links between them work, nothing goes online."""

    def __init__(self, parent=None, page: str = "index"):
        super().__init__(parent)
        self.setObjectName("guide")
        self.setWindowTitle("PSCP Training guide")
        self.resize(720, 620)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        folder = resources_dir() / "guide"
        self.browser.setSearchPaths([str(folder)])
        self.browser.setSource(QUrl.fromLocalFile(str(folder / f"{page}.html")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.browser.setFocus()
