"""Exports in the column layouts of Eventbrite, Microsoft Forms and Google Forms, made as they make them."""

import csv
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

EVENTBRITE_HEADER = [
    "Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Ticket Type",
    "Attendee #", "Group", "Order Type", "Currency", "Total Paid", "Fees Paid",
    "Eventbrite Fees", "Eventbrite Payment Processing", "Attendee Status", "Company",
    "Job Title",
]


def eventbrite_row(order, when, first, last, email, status, company="", job=""):
    return [order, when, first, last, email, "1", "Free place", f"{order}001", "",
            "Free Order", "GBP", "0.00", "0.00", "0.00", "0.00", status, company, job]


def eventbrite_csv(path: Path, rows: list[list[str]]) -> Path:
    """Eventbrite's CSV: UTF-8 with a byte-order mark, comma-separated, CRLF line ends."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(EVENTBRITE_HEADER)
        writer.writerows(rows)
    return path


def eventbrite_xlsx(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Attendees"
    sheet.append(EVENTBRITE_HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


MS_FORMS_HEADER = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
                   "Which organisation do you work for?", "Job title", "Any access needs?"]


def ms_forms_xlsx(path: Path, rows: list[tuple]) -> Path:
    """Microsoft Forms' "Open results in Excel": sheet Sheet1, times as date cells."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(MS_FORMS_HEADER)
    for number, (started, completed, email, name, organisation, job) in enumerate(rows, 1):
        sheet.append([number, started, completed, email, name, None, organisation, job, ""])
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = "m/d/yy h:mm:ss"
    book.save(path)
    return path


GOOGLE_HEADER = ["Timestamp", "Email Address", "First name", "Last name", "Organisation",
                 "Which sector do you work in?"]


def google_forms_csv(path: Path, rows: list[list[str]]) -> Path:
    """A Google Forms response sheet downloaded as CSV (UK locale: DD/MM/YYYY HH:MM:SS)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(GOOGLE_HEADER)
        writer.writerows(rows)
    return path


def local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M")
