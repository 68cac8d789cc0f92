"""The partnerships as a spreadsheet (projects.xlsx), for the officers who prepare a council
report in Excel or LibreOffice: the projects table's columns labelled in the page's
language, its cells typed (numbers, dates, booleans), text never read as a formula.

openpyxl writes it in write-only mode (rows go to a temporary file, memory stays flat
whatever the number of partnerships); the finished file is then handed over in chunks.
"""

import datetime
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from .datasets import Dataset
from .writers import data_time

CHUNK = 64 * 1024
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def _cell(sheet, kind: str, value) -> WriteOnlyCell:
    if value is None or value == "":
        return WriteOnlyCell(sheet, value=None)
    if kind in {"integer", "number"}:
        number = float(value) if isinstance(value, Decimal) else value
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        return WriteOnlyCell(sheet, value=number)
    if kind == "boolean":
        return WriteOnlyCell(sheet, value=bool(value))
    if kind == "date":
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if kind == "datetime":
        if value.tzinfo is not None:  # spreadsheets know no time zone: UTC, as the CSV
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    # Text stays text, even "=HYPERLINK(…)" or "+33 …": never a formula.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = "s"
    return cell


class _DatedZip(zipfile.ZipFile):
    """A zip archive whose members all carry one date, rather than the time each was
    written: the same data then gives the same bytes (``writers.data_time``)."""

    def __init__(self, file, date_time: tuple):
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.date_time = date_time

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, self.date_time)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16  # as ZipFile.writestr gives
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        # What ZipFile.write does for a file (the rows openpyxl wrote to disk), dated.
        zinfo = zipfile.ZipInfo.from_file(filename, arcname)
        zinfo.date_time = self.date_time
        zinfo.compress_type = self.compression
        with open(filename, "rb") as source, self.open(zinfo, "w") as member:
            shutil.copyfileobj(source, member, 1024 * 1024)


def xlsx_chunks(dataset: Dataset, ids, base_url: str) -> Iterator[bytes]:
    written = data_time().replace(tzinfo=None)  # openpyxl takes UTC without a zone
    workbook = Workbook(write_only=True)
    workbook.properties.created = workbook.properties.modified = written
    sheet = workbook.create_sheet(title=str(dataset.title)[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in dataset.columns:
        cell = WriteOnlyCell(sheet, value=str(column.description))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    kinds = [column.type for column in dataset.columns]
    for row in dataset.rows(ids, base_url):
        sheet.append([_cell(sheet, kind, value) for kind, value in zip(kinds, row, strict=True)])
    with tempfile.TemporaryFile() as out:
        # Not workbook.save(), which dates the file with the time it is saved.
        ExcelWriter(workbook, _DatedZip(out, written.timetuple()[:6])).save()
        out.seek(0)
        while chunk := out.read(CHUNK):
            yield chunk
