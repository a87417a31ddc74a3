"""Fixed zip entry times for .docx (python-docx stamps the time of saving), so the same inputs give the same bytes.

xlsxwriter writes fixed times itself."""
from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path


def stamp_zip(path: Path, when: dt.datetime) -> None:
    """Rewrite ``path``'s zip entries in the same order with ``when`` as every entry's time."""
    path = Path(path)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    tmp = path.with_name(path.name + ".stamp")
    try:
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                entry = zipfile.ZipInfo(info.filename, date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o600 << 16
                dst.writestr(entry, src.read(info.filename))
        os.replace(tmp, path)
    except BaseException:  # disk full, interrupted: no second temporary file left beside the output
        tmp.unlink(missing_ok=True)
        raise
