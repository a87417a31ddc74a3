"""Run by the system's /usr/bin/python3 (Debian's python3-uno), not the test venv: one LibreOffice process opens
every file given, and for each one
- exports a PDF,
- for a spreadsheet: every sheet's rows, with the height each row has and the height LibreOffice computes as
  optimal for its text (a row lower than that hides part of its text on the page; text merged across columns,
  which LibreOffice's optimal height leaves out, is measured in a cell as wide as its merged range),
- re-saves it in the formats asked (xlsx, xls, docx, doc: round trips through the office suite).

Usage: office_check.py PROFILE_DIR OUT_DIR RESAVE_FORMATS FILE...  (RESAVE_FORMATS like "xlsx,xls" or "-")
Prints one JSON object: {file: {"pdf": path, "rows": [[sheet, row, height, optimal], ...], "saved": [paths]}}.
Heights are in 1/100 mm.
"""
import json
import os
import subprocess
import sys
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue

FILTERS = {  # (spreadsheet filter, text filter)
    "pdf": ("calc_pdf_Export", "writer_pdf_Export"),
    "xlsx": ("Calc MS Excel 2007 XML", None),
    "xls": ("MS Excel 97", None),
    "docx": (None, "MS Word 2007 XML"),
    "doc": (None, "MS Word 97"),
}


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(profile):
    pipe = "anquanyue" + uuid.uuid4().hex[:8]
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                               f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # noqa: BLE001 - not listening yet
            if office.poll() is not None:
                raise SystemExit("soffice ended before it listened") from None
            time.sleep(0.1)
    else:
        office.kill()
        raise SystemExit("soffice did not start")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return office, desktop


def merged_needs(doc, sheet, last_row, last_col):
    """{row: optimal height} for rows holding text merged across columns (LibreOffice's optimal row height
    leaves merged cells out): the text measured in a scratch sheet, in one cell as wide as the merged range."""
    needs = {}
    scratch = None
    for r in range(last_row + 1):
        c = 0
        while c <= last_col:
            cell = sheet.getCellByPosition(c, r)
            cursor = sheet.createCursorByRange(cell)
            cursor.collapseToMergedArea()
            area = cursor.RangeAddress
            if area.EndColumn > area.StartColumn and area.EndRow == area.StartRow and cell.String:
                if scratch is None:
                    doc.Sheets.insertNewByName("_measure", doc.Sheets.Count)
                    scratch = doc.Sheets.getByName("_measure")
                width = sum(sheet.Columns.getByIndex(k).Width for k in range(area.StartColumn, area.EndColumn + 1))
                scratch.Columns.getByIndex(0).Width = width
                target = scratch.getCellByPosition(0, 0)
                for name in ("CharFontName", "CharFontNameAsian", "CharHeight", "CharHeightAsian", "CharWeight",
                             "CharWeightAsian", "IsTextWrapped", "ParaIndent", "ParaLeftMargin", "ParaRightMargin"):
                    target.setPropertyValue(name, cell.getPropertyValue(name))
                target.String = cell.String
                scratch.Rows.getByIndex(0).OptimalHeight = True
                needs[r] = max(needs.get(r, 0), scratch.Rows.getByIndex(0).Height)
                c = area.EndColumn + 1
            else:
                c += 1
    if scratch is not None:
        doc.Sheets.removeByName("_measure")
    return needs


def rows_of(doc):
    out = []
    sheets = doc.Sheets
    for index in range(sheets.Count):
        sheet = sheets.getByIndex(index)
        if not sheet.IsVisible:
            continue
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        last, last_col = cursor.RangeAddress.EndRow, cursor.RangeAddress.EndColumn
        rows = sheet.Rows
        heights = [rows.getByIndex(r).Height for r in range(last + 1)]
        merged = merged_needs(doc, sheet, last, last_col)
        for r in range(last + 1):
            rows.getByIndex(r).OptimalHeight = True
        for r in range(last + 1):
            out.append([sheet.Name, r, heights[r], max(rows.getByIndex(r).Height, merged.get(r, 0))])
    return out


def main():
    profile, out_dir, formats, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    formats = [] if formats == "-" else formats.split(",")
    office, desktop = connect(profile)
    result = {}
    try:
        for path in files:
            url = uno.systemPathToFileUrl(os.path.abspath(path))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            is_calc = doc.supportsService("com.sun.star.sheet.SpreadsheetDocument")
            stem = os.path.splitext(os.path.basename(path))[0]
            entry = {"saved": []}
            pdf = os.path.join(out_dir, stem + ".pdf")
            doc.storeToURL(uno.systemPathToFileUrl(pdf), (prop("FilterName", FILTERS["pdf"][0 if is_calc else 1]),))
            entry["pdf"] = pdf
            for fmt in formats:
                name = FILTERS[fmt][0 if is_calc else 1]
                if name is None:
                    continue
                target = os.path.join(out_dir, f"{stem}.resaved.{fmt}")
                doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", name),))
                entry["saved"].append(target)
            if is_calc:
                entry["rows"] = rows_of(doc)  # last: it changes the heights
            doc.close(True)
            result[path] = entry
    finally:
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge goes down with the office
            pass
        try:
            office.wait(30)
        except subprocess.TimeoutExpired:
            office.kill()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
