"""Fixed zip entry times, so the same inputs give byte-identical .xlsx/.docx files (a cron job can compare)."""
from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def stamp_zip(path: Path, when: dt.datetime) -> None:
    """Rewrite ``path``'s zip entries in the same order with ``when`` as every entry's time."""
    path = Path(path)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    tmp = path.with_name(path.name + ".stamp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                data = _MODIFIED.sub(rb"\g<1>" + when.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", data)
            dst.writestr(entry, data)
    os.replace(tmp, path)
