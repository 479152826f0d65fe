"""The main window's pages and dialogs, each imported when first made, not when the window is.

Nothing here is imported before the window's first paint: every page pulls in its
services and with them SQLAlchemy, and the heavy ones pandas, ReportLab and QtCharts.
"""

import importlib
from collections.abc import Callable

HOME, SESSIONS, COURSES, PEOPLE, REPORTS = "home", "sessions", "courses", "people", "reports"


def later(module: str, name: str) -> Callable:
    """`pscp_training.ui.<module>.<name>`, imported on the first call and then called."""

    def make(*args, **kwargs):
        return getattr(importlib.import_module(f"pscp_training.ui.{module}"), name)(*args, **kwargs)

    return make


ImportWizard = later("imports.import_wizard", "ImportWizard")
OnlineBookingsWizard = later("imports.online_bookings_wizard", "OnlineBookingsWizard")
MessageSettingsDialog = later("settings.message_settings_dialog", "MessageSettingsDialog")
send_due_reminders = later("settings.message_settings_dialog", "send_due_reminders")
RestoreFlow = later("backup.restore_dialog", "RestoreFlow")
DataProtectionDialog = later("privacy.data_protection_dialog", "DataProtectionDialog")
PublishProgrammeDialog = later("programme.publish_dialog", "PublishProgrammeDialog")
SettingsDialog = later("settings.settings_dialog", "SettingsDialog")
GuideDialog = later("shell.guide_dialog", "GuideDialog")
SessionPage = later("sessions.session_page", "SessionPage")

PAGES: list[tuple[str, str, Callable]] = [
    (HOME, "Home", later("home.home_page", "HomePage")),
    (SESSIONS, "Sessions", later("sessions.sessions_page", "SessionsPage")),
    (COURSES, "Courses", later("courses.catalogue_page", "CataloguePage")),
    (PEOPLE, "Delegates & organisations", later("people.people_page", "PeoplePage")),
    (REPORTS, "Reports", later("reports.reports_page", "ReportsPage")),
    ("charges", "Charges", later("follow_up.charges_page", "ChargesPage")),
    ("refreshers", "Refreshers", later("refreshers.refreshers_page", "RefreshersPage")),
]
