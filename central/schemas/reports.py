"""Reports: each is a list of flat rows (the same rows make the CSV and the console's tables)."""

from __future__ import annotations

from typing import Union

__all__ = ["ReportRow", "ReportOut"]

#: one row of a report: column name -> a number, a text or nothing
ReportRow = dict[str, Union[int, float, str, None]]
ReportOut = list[ReportRow]
