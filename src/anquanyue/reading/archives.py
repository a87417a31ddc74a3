"""Archives a unit sends (.zip, .7z): each file inside is read as if it lay in the inbox.

A file inside an archive is a ``Member``: the archive's path on disk and the chain of names leading to it
(``a.zip!b.zip!c.docx``). It is small and picklable, so a pool worker reads it as it reads a file: the archive
is opened again there and only that member inflated. Nothing is ever written to disk.

Limits, as for a zip bomb: members per archive, total unpacked size, ratio of a large member, nesting depth;
names with ``..`` or an absolute path refuse the whole archive. Names a Chinese Windows zipped without the UTF-8
flag are GBK bytes that zipfile decodes as cp437: they are decoded again as GBK.
"""
from __future__ import annotations

import errno
import io
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from anquanyue.issues import os_error_text
from anquanyue.reading.document import LoadError

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
SEVEN_ZIP_MAGIC = b"7z\xbc\xaf\x27\x1c"
RAR_MAGIC = b"Rar!\x1a\x07"
ARCHIVE_SUFFIXES = {".zip": "zip", ".7z": "7z", ".rar": "rar"}
READ_ARCHIVES = (".zip", ".7z")  # the ones opened (.rar gets a message)
MAX_ARCHIVE_MB = 500  # the archive itself, as a file (scans make it large; it is never read into memory whole)
MAX_MEMBER_MB = 50  # one member unpacked: a form is tens of KB
MAX_UNPACKED_MB = 1000  # all members of one archive unpacked (declared sizes; each is read alone, on demand)
MAX_MEMBERS = 500  # files in one archive (a county's units are a few dozen)
MAX_RATIO = 200  # unpacked/packed for a member over 1 MB
MAX_DEPTH = 3  # archives inside archives: a.zip!b.zip!c.zip!form.docx at most
SEPARATOR = "!"
# what the office formats hold that a plain archive of forms does not
_OFFICE_PARTS = ("[Content_Types].xml", "mimetype", "xl/workbook.xml", "word/document.xml", "xl/workbook.bin")


class Member(NamedTuple):
    """A file inside an archive (or inside an archive inside it): the archive on disk and the names inward."""

    archive: str
    chain: tuple[str, ...]

    def __str__(self) -> str:
        return SEPARATOR.join((self.archive, *self.chain))

    @property
    def name(self) -> str:
        return PurePosixPath(self.chain[-1]).name

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.chain[-1]).suffix

    @property
    def on_disk(self) -> Path:
        """The file on disk that holds this member."""
        return Path(self.archive)

    def stat(self):
        """A member has no file of its own to stat: merge's tie-break by modification time (after 填报日期) then
        counts it as oldest, as it does for a member's label wherever only the label is at hand."""
        raise FileNotFoundError(errno.ENOENT, "压缩包中的文件", str(self))

    def read_bytes(self) -> bytes:
        return read_member(self)


def on_disk(source: Path | Member) -> Path:
    """The file on disk that holds a source: itself, or the archive a member is in."""
    if isinstance(source, Member):
        return Path(source.archive)
    return source if isinstance(source, Path) else Path(source)  # not made again (10,000 files: ~40 ms)


Blob = bytes | Path  # an archive's bytes (one inside another), or the archive on disk (read only as needed)


def _src(blob: Blob):
    return io.BytesIO(blob) if isinstance(blob, bytes) else blob


def _head(blob: Blob) -> bytes:
    if isinstance(blob, bytes):
        return blob[:8]
    try:
        with open(blob, "rb") as handle:
            return handle.read(8)
    except OSError:
        return b""


def archive_kind(blob: Blob) -> str | None:
    """"zip", "7z" or "rar" for an archive of files; None for anything else (an .xlsx/.docx/.ods is a zip too)."""
    head = _head(blob)
    if head.startswith(SEVEN_ZIP_MAGIC):
        return "7z"
    if head.startswith(RAR_MAGIC):
        return "rar"
    if head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        try:
            with zipfile.ZipFile(_src(blob)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError):
            return "zip"  # a damaged zip: opening it as an archive says so
        return None if any(part in names for part in _OFFICE_PARTS) else "zip"
    return None


def member_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name as its maker saw it. Without the UTF-8 flag zipfile decodes the name as cp437; the bytes
    are UTF-8 when they decode as such (tools that leave the flag unset; GBK text almost never does), else GBK (a
    zip made on Chinese Windows), else GB18030; a name none of these fits is kept as zipfile gave it."""
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gbk", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _unsafe(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts


class _Entry(NamedTuple):
    name: str
    size: int
    packed: int | None
    key: object  # what the archive library opens it by


def _entries(kind: str, data: Blob, location: str) -> list[_Entry]:
    """The files of an archive (folders left out), checked against the limits; raises LoadError."""
    if kind == "rar":
        raise LoadError("archive-rar", location=location)
    if kind == "7z":
        entries = _entries_7z(data, location)
    else:
        entries = _entries_zip(data, location)
    if len(entries) > MAX_MEMBERS:
        raise LoadError("archive-too-many", location=location, count=len(entries), limit=MAX_MEMBERS)
    for entry in entries:
        if _unsafe(entry.name):
            raise LoadError("archive-unsafe-path", location=location, name=entry.name)
    total = sum(entry.size for entry in entries)
    if total > MAX_UNPACKED_MB * 1048576:
        raise LoadError("file-too-large", location=location, limit=MAX_UNPACKED_MB,
                        detail=f"{len(entries)} 个文件解压后共 {total // 1048576} MB")
    return entries


def _refuse_large(entry: _Entry, location: str) -> None:
    """One member too large, or inflating far beyond its packed size (a zip bomb): that member is refused, the
    archive's other files are still read (a unit's large scan must not hide the forms beside it)."""
    packed = entry.packed if entry.packed else 1
    if entry.size > MAX_MEMBER_MB * 1048576 or (entry.packed is not None and entry.size > 1048576
                                                and entry.size / packed > MAX_RATIO):
        raise LoadError("file-too-large", location=location, limit=MAX_MEMBER_MB,
                        detail=f"压缩包中登记为 {entry.size // 1048576} MB")


def _entries_zip(data: Blob, location: str) -> list[_Entry]:
    try:
        with zipfile.ZipFile(_src(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError) as exc:
        raise LoadError("file-corrupt", location=location, fmt=".zip", detail=_zip_error(exc)) from None
    out = []
    for info in infos:
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise LoadError("archive-encrypted", location=location)
        name = member_name(info)
        if _unsafe(name):
            raise LoadError("archive-unsafe-path", location=location, name=name)
        # some Windows tools write folder\file: shown with "/", as every other archive does
        out.append(_Entry(name.replace("\\", "/"), info.file_size, info.compress_size, info.filename))
    return out


def _zip_error(exc: Exception) -> str:
    return "压缩包损坏：找不到压缩包目录" if isinstance(exc, zipfile.BadZipFile) else "压缩包损坏：压缩数据损坏"


def _entries_7z(data: Blob, location: str) -> list[_Entry]:
    import py7zr

    try:
        with py7zr.SevenZipFile(_src(data)) as archive:
            if archive.needs_password():
                raise LoadError("archive-encrypted", location=location)
            infos = archive.list()
    except LoadError:
        raise
    except py7zr.exceptions.PasswordRequired:
        raise LoadError("archive-encrypted", location=location) from None
    except Exception:  # py7zr raises assorted errors on a damaged archive
        raise LoadError("file-corrupt", location=location, fmt=".7z", detail="压缩包损坏") from None
    return [_Entry(i.filename, i.uncompressed, i.compressed, i.filename) for i in infos if not i.is_directory]


def _read_entry(kind: str, data: Blob, entry: _Entry, location: str) -> bytes:
    _refuse_large(entry, location)
    limit = entry.size
    try:
        if kind == "7z":
            import py7zr
            from py7zr.io import BytesIOFactory

            factory = BytesIOFactory(limit + 1)
            with py7zr.SevenZipFile(_src(data)) as archive:
                archive.extract(targets=[entry.key], factory=factory)
            out = factory.get(entry.key)
            out.seek(0)
            content = out.read()
        else:
            with zipfile.ZipFile(_src(data)) as archive, archive.open(entry.key) as member:
                content = member.read(limit + 1)  # never more than it declares (a lying header fails its CRC)
                member.read(1)  # reach the end, where the CRC is checked
    except LoadError:
        raise
    except Exception:  # a damaged member: zipfile/zlib/py7zr errors of many kinds
        raise LoadError("file-corrupt", location=location, fmt="压缩包中的文件", detail="压缩数据损坏") from None
    if len(content) > limit:
        raise LoadError("file-corrupt", location=location, fmt="压缩包中的文件", detail="实际大小与登记的不符")
    return content


def _kind_of(data: Blob, name: str) -> str | None:
    found = archive_kind(data)
    if found is None and Path(name).suffix.lower() in ARCHIVE_SUFFIXES and not _head(data).startswith((b"PK", b"\xd0\xcf")):
        return ARCHIVE_SUFFIXES[Path(name).suffix.lower()]  # named an archive, bytes unknown: opening it says why
    return found


def checked(path: Path) -> Path:
    """The archive on disk, once its size is within the limit (it is read from disk only as far as needed)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError("file-corrupt", location=str(path), fmt=path.suffix, detail=os_error_text(exc)) from None
    if size > MAX_ARCHIVE_MB * 1048576:
        raise LoadError("file-too-large", location=str(path), limit=MAX_ARCHIVE_MB, detail=f"压缩包 {size // 1048576} MB")
    return path


def read_member(member: Member) -> bytes:
    """The bytes of one member, opening each archive of the chain in turn; raises LoadError."""
    data: Blob = checked(Path(member.archive))
    location = member.archive
    for name in member.chain:
        kind = _kind_of(data, location)
        if kind is None:
            raise LoadError("file-corrupt", location=location, fmt="压缩包", detail="不是压缩包")
        entry = next((e for e in _entries(kind, data, location) if e.name == name), None)
        if entry is None:
            raise LoadError("file-corrupt", location=location, fmt="压缩包", detail=f"找不到其中的 {name}")
        location = f"{location}{SEPARATOR}{name}"
        data = _read_entry(kind, data, entry, location)
    return data


def expand(path: Path) -> list[Member]:
    """The files inside an archive on disk, nested archives expanded (depth-limited), in name order.

    Raises LoadError when the archive cannot be opened or breaks a limit; then the archive itself is what the
    inbox lists, and reading it gives the same error."""
    data = checked(path)
    kind = _kind_of(data, str(path))
    if kind is None:
        return []
    members = _expand(kind, data, Member(str(path), ()), 1)
    if not members:
        raise LoadError("archive-empty", location=str(path))
    return members


def _expand(kind: str, data: Blob, at: Member, depth: int) -> list[Member]:
    location = str(at) if at.chain else at.archive
    out: list[Member] = []
    for entry in sorted(_entries(kind, data, location), key=lambda e: e.name.split("/")):
        member = Member(at.archive, (*at.chain, entry.name))
        inner = None
        if _maybe_archive(entry):
            try:
                content = _read_entry(kind, data, entry, str(member))
            except LoadError:
                out.append(member)  # reading it says why
                continue
            inner = _kind_of(content, entry.name)
        if inner is None or depth >= MAX_DEPTH:
            out.append(member)  # a form, or an archive too deep: reading it says so
            continue
        try:
            found = _expand(inner, content, member, depth + 1)
        except LoadError:
            found = []  # a broken inner archive: listed itself, and reading it says why
        out.extend(found or [member])
    return out


def archive_error(source: Path | Member, kind: str, data: Blob) -> LoadError:
    """Why an archive is read as one file instead of its members (too deep, broken, empty, or given by name)."""
    location = str(source)
    if isinstance(source, Member) and len(source.chain) >= MAX_DEPTH:
        return LoadError("archive-too-deep", location=location, limit=MAX_DEPTH)
    try:
        entries = _entries(kind, data, location)
    except LoadError as exc:
        return exc
    if not entries:
        return LoadError("archive-empty", location=location)
    if source.suffix.lower() not in ARCHIVE_SUFFIXES:  # a zip of forms named .docx: not opened as an archive
        return LoadError("archive-misnamed", location=location, count=len(entries), ext=source.suffix or "（无）")
    return LoadError("file-is-archive", location=location, count=len(entries))


def _maybe_archive(entry: _Entry) -> bool:
    """Whether a member must be opened to see if it is an archive: named so, or an unknown kind of name."""
    suffix = Path(entry.name).suffix.lower()
    return suffix in ARCHIVE_SUFFIXES or suffix not in _FORM_SUFFIXES and not _is_skipped_name(entry.name)


_FORM_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".docx", ".doc", ".wps", ".et", ".ods", ".odt", ".xlsb", ".pdf",
                  ".jpg", ".jpeg", ".png", ".txt", ".md"}


def _is_skipped_name(name: str) -> bool:
    base = PurePosixPath(name).name
    return base.startswith(("~$", ".")) or "__MACOSX/" in name
