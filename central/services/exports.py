"""Reports as a person reads them: column words (the console's tables, the CSV and the Excel
workbook all head their columns with these), and the exports themselves.

A report to export is a list of tables: (title, column keys, rows of dicts). The CSV puts them
one after the other, each under its title, a blank line between; the workbook gives each its
own sheet. Headers are in the reader's language; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Callable, Iterable

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from central.i18n import N_

__all__ = ["COLUMNS", "TEXT_COLUMNS", "CELL_WORDS", "shown", "Table", "label", "csv_bytes", "xlsx_bytes", "CSV_TYPE", "XLSX_TYPE"]

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Table = tuple[str, list[str], list[dict[str, Any]]]

# a column key -> its words (translated where shown)
COLUMNS = {
    "day": N_("Day"), "hour": N_("Hour"), "tickets": N_("Tickets"), "served": N_("Served"),
    "per_open_day": N_("Tickets per open day"), "service": N_("Service"),
    "service_counter": N_("Service and counter"), "called": N_("Called"),
    "avg_wait_min": N_("Mean wait (min)"), "mean_wait_min": N_("Mean wait (min)"),
    "avg_service_min": N_("Mean service time (min)"),
    "mean_service_min": N_("Mean service time (min)"),
    "within_target": N_("Served within the wait target"),
    "within_target_pct": N_("Within the wait target (%)"),
    "ratings": N_("Ratings"), "average": N_("Mean score (out of 5)"),
    "satisfaction": N_("Satisfaction (out of 5)"), "finished": N_("Ended at a counter"),
    "no_shows": N_("No-shows"), "no_show_rate_pct": N_("No-show rate (%)"),
    "slips": N_("Job slips printed"), "completions": N_("Quizzes completed"),
    "quizzes": N_("Career quizzes"), "type": N_("Interest type"),
    "leading": N_("Leading the result"), "in_code": N_("In the three-letter code"),
    "leading_pct": N_("Leading the result (%)"), "query": N_("Search words"),
    "searches": N_("Searches"), "no_results": N_("Found nothing"), "terminal": N_("Terminal"),
    "uptime_pct": N_("Up (%)"), "all_devices_ok_pct": N_("All devices working (%)"),
    "samples": N_("Health samples"), "at": N_("Time"), "staff": N_("Staff member"),
    "action": N_("Action"), "target": N_("Concerning"), "detail": N_("Detail"),
    "security": N_("Security event"), "name": N_("Name"), "hall": N_("Hall"),
    "referrals": N_("Referrals made"), "hired": N_("Referrals that led to a hire"),
    "figure": N_("Figure"), "value": N_("Value"),
}

# values said in words, by column: interest types, staff actions (the JSON keeps the keys)
CELL_WORDS = {
    "type": {"R": N_("R · Realistic"), "I": N_("I · Investigative"), "A": N_("A · Artistic"),
             "S": N_("S · Social"), "E": N_("E · Enterprising"), "C": N_("C · Conventional")},
    "action": {"login": N_("Logged in"), "logout": N_("Logged out"),
               "logout_everywhere": N_("Logged out everywhere"), "ticket_call": N_("Called a ticket"),
               "ticket_recall": N_("Called a ticket again"), "ticket_no-show": N_("Marked a no-show"),
               "ticket_finish": N_("Finished a ticket"), "ticket_transfer": N_("Transferred a ticket"),
               "referral_create": N_("Referred to a posting"),
               "referral_state": N_("Changed a referral's state"), "card_renewed": N_("Card renewed"),
               "person_erase": N_("Erased a person's record"), "progress_lookup": N_("Progress looked up"),
               "job_verify": N_("Verified a posting"), "job_reject": N_("Rejected a posting"),
               "job_withdraw": N_("Withdrew a posting"), "kiosk_command": N_("Sent a terminal command"),
               "kiosk_register": N_("Registered a terminal"), "kiosk_revoke": N_("Revoked a terminal"),
               "config": N_("Changed settings"), "announcement": N_("Made an announcement"),
               "quiz_bank": N_("Changed the quiz bank"), "release_upload": N_("Uploaded a release"),
               "release_assign": N_("Assigned a release")},
}

# columns of words (the rest hold numbers, set right-aligned on the console's tables)
TEXT_COLUMNS = frozenset({"day", "hour", "name", "hall", "service", "service_counter", "query",
                          "terminal", "at", "staff", "action", "target", "detail", "type", "figure"})


def label(key: str, gettext: Callable[[str], str]) -> str:
    """A column's words in the reader's language (the key itself if it has none)."""
    return gettext(COLUMNS[key]) if key in COLUMNS else key


# a text a spreadsheet would run as a formula begins with one of these (visitors' search
# words and staff's notes reach the exports)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# columns whose cells are words to translate (a summary's figure names)
TRANSLATED = {"figure"}


def shown(column: str, value: Any, gettext: Callable[[str], str]) -> Any:
    """A value as a person reads it: in words where it is a key (CELL_WORDS), else itself."""
    if column in TRANSLATED and isinstance(value, str):
        return gettext(value)
    words = CELL_WORDS.get(column, {})
    return gettext(words[value]) if isinstance(value, str) and value in words else value


def _cell(value: Any, gettext: Callable[[str], str], column: str = "") -> Any:
    """A value as a cell holds it: numbers as numbers, yes/no in words, text never a formula."""
    value = shown(column, value, gettext)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(tables: Iterable[Table], gettext: Callable[[str], str]) -> bytes:
    """The tables as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read it): a
    title line, then a header line and the rows, for each, a blank line between. A report of
    one table is that table alone (header and rows)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    tables = list(tables)
    for i, (title, columns, rows) in enumerate(tables):
        if i:
            writer.writerow([])
        if len(tables) > 1:
            writer.writerow([gettext(title)])
        writer.writerow([label(c, gettext) for c in columns])
        writer.writerows([_cell(r.get(c), gettext, c) for c in columns] for r in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_bytes(tables: Iterable[Table], gettext: Callable[[str], str]) -> bytes:
    """The tables as an Excel workbook, one sheet each (named by its title), headers in bold
    and frozen, columns as wide as their words."""
    book = Workbook()
    book.remove(book.active)
    for i, (title, columns, rows) in enumerate(tables, start=1):
        # a sheet's name: at most 31 characters, none of []:*?/\ and unique in the book
        name = "".join(ch for ch in gettext(title or "Report") if ch not in "[]:*?/\\")[:28]
        sheet = book.create_sheet(name if name not in book.sheetnames else f"{name[:25]} {i}")
        sheet.append([label(c, gettext) for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for r in rows:
            sheet.append([_cell(r.get(c), gettext, c) for c in columns])
        sheet.freeze_panes = "A2"
        for n, c in enumerate(columns, start=1):
            widest = max([len(label(c, gettext))] + [len(str(r.get(c) or "")) for r in rows[:200]])
            sheet.column_dimensions[get_column_letter(n)].width = min(60, max(8, widest * 1.6 + 2))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
