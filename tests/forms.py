"""Build filled forms in code, the way units really fill them: any text in any blank, in several layouts."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
import openpyxl
import xlwt

from anquanyue.schema import Schema, load_schema, render_template

_BARE = re.compile(r"[（(]\s*(\{[^{}]+\})\s*[）)]")


@dataclass
class Filled:
    """The text of one filled form: raw blank texts keyed by code, item-7 records, header values."""

    schema: Schema
    raw: dict[str, str] = field(default_factory=dict)
    records: list[tuple[str, str, str, str]] = field(default_factory=list)  # name, count, people, description
    unit: str = "环翠区工业和信息化局"
    contact: str = "王敏"
    phone: str = "0631-5201234"
    date: str = "2023年6月28日"
    bare: frozenset[str] = frozenset()  # codes typed without the form's parentheses

    def prose(self, item) -> str:
        template = item.prose
        for code in self.bare:
            template = template.replace(_paren_for(template, code), "{" + code + "}") if code in item.codes else template
        return render_template(template, {c: self.raw.get(c, "") for c in item.codes})

    def header(self) -> str:
        values = {"unit": self.unit, "contact": self.contact, "phone": self.phone, "date": self.date}
        return self.schema.header_line(values)

    def rows(self) -> list[tuple[str, str]]:
        s = self.schema
        rows = [(s.item_row_title(item), self.prose(item)) for item in s.items]
        records = self.records or [("", "", "", "")]
        for index, (name, count, people, description) in enumerate(records):
            text = render_template(s.other.record, {"name": name, "count": count, "people": people})
            if description:
                text += "\n" + description
            rows.append((s.item_row_title(s.other) if index == 0 else "", text))
        return rows


def _paren_for(template: str, code: str) -> str:
    for match in _BARE.finditer(template):
        if match.group(1) == "{" + code + "}":
            return match.group(0)
    return "{" + code + "}"


def write_xlsx(filled: Filled, path: Path, *, sheet: str = "Sheet1", before: tuple[str, ...] = (), row0: int = 1,
               col0: int = 1, split: bool = False, header_cells: bool = False) -> Path:
    """Official layout at any offset; ``split`` puts each sentence of an item's prose in a row of its own;
    ``header_cells`` puts each header label and value in cells of their own; ``before`` adds sheets first."""
    wb = openpyxl.Workbook()
    sheets = [wb.active] + [wb.create_sheet() for _ in before]
    for extra, name in zip(sheets, before):
        extra.title = name
        extra["A1"] = "填报说明：请在下一张表中填写。"
    ws = sheets[-1]
    ws.title = sheet
    r = row0
    ws.cell(r, col0, filled.schema.title)
    r += 1
    if header_cells:
        values = [filled.unit, filled.contact, filled.phone, filled.date]
        for k, (field_, value) in enumerate(zip(filled.schema.header, values)):
            ws.cell(r, col0 + 2 * k, field_.label + "：")
            ws.cell(r, col0 + 2 * k + 1, value)
    else:
        ws.cell(r, col0, filled.header())
    r += 1
    ws.cell(r, col0, "活动项目")
    ws.cell(r, col0 + 1, "活动进展情况")
    for a, b in filled.rows():
        pieces = re.split(r"(?<=[；;])", b) if split else [b]
        for k, piece in enumerate(p for p in pieces if p):
            r += 1
            if k == 0 and a:
                ws.cell(r, col0, a)
            ws.cell(r, col0 + 1, piece)
    wb.save(path)
    return path


def write_docx(filled: Filled, path: Path, *, intro: tuple[str, ...] = (), header_in_table: bool = False,
               split: bool = False) -> Path:
    d = docx.Document()
    for text in intro:
        d.add_paragraph(text)
    d.add_paragraph(filled.schema.title)
    rows = filled.rows()
    if not header_in_table:
        d.add_paragraph(filled.header())
    table = d.add_table(rows=0, cols=2)
    if header_in_table:
        cells = table.add_row().cells
        cells[0].text = f"{filled.schema.header[0].label}：{filled.unit}"
        cells[1].text = f"联系人：{filled.contact}  电话：{filled.phone}  填报日期：{filled.date}"
    head = table.add_row().cells
    head[0].text, head[1].text = "活动项目", "活动进展情况"
    for a, b in rows:
        cells = table.add_row().cells
        cells[0].text = a
        if split:
            pieces = [p for p in re.split(r"(?<=[；;])", b) if p]
            cells[1].text = pieces[0]
            for piece in pieces[1:]:
                cells[1].add_paragraph(piece)
        else:
            cells[1].text = b
    d.add_paragraph("审核人：李强")
    d.save(str(path))
    return path


def write_xls(filled: Filled, path: Path, *, sheet: str = "统计表") -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    ws.write(0, 0, filled.schema.title)
    ws.write(1, 0, filled.header())
    ws.write(2, 0, "活动项目")
    ws.write(2, 1, "活动进展情况")
    for r, (a, b) in enumerate(filled.rows(), start=3):
        if a:
            ws.write(r, 0, a)
        ws.write(r, 1, b)
    book.save(str(path))
    return path


def _grid(filled: Filled) -> list[list[str]]:
    """The official layout as rows of cells: title, header line, column heads, the items."""
    return [[filled.schema.title], [filled.header()], ["活动项目", "活动进展情况"], *([a, b] for a, b in filled.rows())]


def write_xlsb(filled: Filled, path: Path, *, sheet: str = "统计表") -> Path:
    """An Excel binary workbook (pyxlsbwriter, the one Python writer of .xlsb)."""
    from pyxlsbwriter import XlsbWriter

    rows = [row + [None] * (2 - len(row)) for row in _grid(filled)]
    with XlsbWriter(str(path)) as writer:
        writer.add_sheet(sheet)
        writer.write_sheet([[cell if cell else None for cell in row] for row in rows])
    return path


def _odf_paragraphs(cell, text: str) -> None:
    from odf.text import P

    for line in text.split("\n"):
        cell.addElement(P(text=line))


def write_ods(filled: Filled, path: Path, *, sheet: str = "统计表") -> Path:
    """An OpenDocument spreadsheet (odfpy): every cell a string, as a clerk types prose."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow

    document = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for row in _grid(filled):
        tr = TableRow()
        for text in row:
            cell = TableCell(valuetype="string") if text else TableCell()
            if text:
                _odf_paragraphs(cell, text)
            tr.addElement(cell)
        table.addElement(tr)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def write_odt(filled: Filled, path: Path) -> Path:
    """An OpenDocument text document (odfpy): title and header paragraphs, the form as a two-column table."""
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    add_odt_form(document, filled, "表1")
    document.save(str(path))
    return path


def add_odt_form(document, filled: Filled, name: str) -> None:
    """One form appended to an OpenDocument text: its title and header paragraphs, then its table."""
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    rows = _grid(filled)
    for line in rows[:2]:
        document.text.addElement(P(text=line[0]))
    table = Table(name=name)
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for a, b in rows[2:]:
        tr = TableRow()
        for text in (a, b):
            cell = TableCell()
            _odf_paragraphs(cell, text)
            tr.addElement(cell)
        table.addElement(tr)
    document.text.addElement(table)


def write_xml2003(filled: Filled, path: Path, *, sheet: str = "统计表") -> Path:
    """An Excel 2003 XML spreadsheet, as web systems export it (often named .xls); no library writes one."""
    from xml.sax.saxutils import escape

    rows = []
    for row in _grid(filled):
        cells = "".join(f'<Cell><Data ss:Type="String">{escape(text)}</Data></Cell>' if text else "<Cell/>"
                        for text in row)
        rows.append(f"<Row>{cells}</Row>")
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
                    f'<Worksheet ss:Name="{escape(sheet)}"><Table>{"".join(rows)}</Table></Worksheet></Workbook>',
                    encoding="utf-8")
    return path


WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "xls": write_xls, "xlsb": write_xlsb, "ods": write_ods,
           "odt": write_odt, "xml": write_xml2003}


def unit_form(unit: str, value: int, date: str = "2023年6月28日", schema: Schema | None = None, **raw: str) -> Filled:
    """A unit's form with ``value`` in every blank (``raw``: other texts, ``1_3="若干"`` for blank 1.3) and one
    item-7 record."""
    schema = schema or load_schema("weihai-2023")
    values = {code: str(value) for code in schema.codes}
    values.update({k.replace("_", "."): v for k, v in raw.items()})
    return Filled(schema, raw=values, unit=unit, date=date, records=[(f"{unit}特色活动", "1", str(value), "")])


def write_xlsx_sheets(sheets: list[tuple[str, Filled]], path: Path) -> Path:
    """One workbook, one form a sheet (official layout), in the order given."""
    wb = openpyxl.Workbook()
    for index, (name, filled) in enumerate(sheets):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = name
        ws.cell(1, 1, filled.schema.title)
        ws.cell(2, 1, filled.header())
        ws.cell(3, 1, "活动项目")
        ws.cell(3, 2, "活动进展情况")
        for r, (a, b) in enumerate(filled.rows(), start=4):
            if a:
                ws.cell(r, 1, a)
            ws.cell(r, 2, b)
    wb.save(path)
    return path


def blank_form(schema: Schema | None = None, unit: str = "") -> Filled:
    """The form as sent out (its header perhaps filled in): every blank empty, no item-7 record."""
    return Filled(schema or load_schema("weihai-2023"), raw={}, unit=unit, contact="", phone="", date="")
