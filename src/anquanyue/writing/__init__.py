"""Writers of the official form (.xlsx, .docx) and of the structured fill-in workbook."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from anquanyue.issues import Problem
from anquanyue.formdata import FormData
from anquanyue.schema import Schema

if TYPE_CHECKING:  # the package is imported by reading (structured_layout); writing starts in ``write_form``
    from anquanyue.writing.atomic import InputFiles


class RenderError(Problem):
    """An output format that cannot be written (usage mistake)."""


def write_form(schema: Schema, path: Path, data: FormData | None = None, *, style: str = "official",
               inputs: Iterable[Path] | InputFiles = ()) -> Path:
    """Write ``schema``'s form, blank (``data`` None) or filled, to ``path``; the suffix picks the format."""
    from anquanyue.writing.atomic import write_atomic

    path = Path(path)
    suffix = path.suffix.lower()
    if style == "structured":
        if suffix != ".xlsx":
            raise RenderError("render-structured-xlsx-only", location=str(path))
        from anquanyue.writing.structured_xlsx import save_structured

        return write_atomic(path, lambda tmp: save_structured(schema, tmp, data), inputs)
    if style != "official":
        raise RenderError("render-unknown-style", style=style)
    if suffix == ".xlsx":
        from anquanyue.writing.official_xlsx import save_official_xlsx

        return write_atomic(path, lambda tmp: save_official_xlsx(schema, tmp, data), inputs)
    if suffix == ".docx":
        from anquanyue.writing.official_docx import save_official_docx

        return write_atomic(path, lambda tmp: save_official_docx(schema, tmp, data), inputs)
    raise RenderError("render-bad-suffix", location=str(path))
