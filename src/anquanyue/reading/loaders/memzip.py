"""A zip held in memory, as sniff opens every .xlsx/.docx: its directory read in one pass, its parts inflated
straight from its bytes.

``zipfile.ZipFile`` builds a ``ZipInfo`` of some twenty attributes for every part (a .docx has 15–20 parts) and
reads a part through a file object; a form needs neither. ``MemoryZip.of`` reads the central directory only
when it is of the plain kind Office, WPS and LibreOffice write (no archive comment, no zip64, no extra fields,
nothing before the first part, no two parts of one name): whatever that reading does not take for certain is
left to ``zipfile`` (``of`` returns None), which says what is wrong, or reads what is unusual, as it always did.
A part is inflated here only when ``inflate`` is sure of it (its local header is its own, it is stored or
deflated and not encrypted, at most its declared size comes out, with that size and its CRC-32); anything else
is read by ``zipfile`` from the same bytes, which raises what it always raised.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import NamedTuple

_END = struct.Struct("<4s4H2LH")  # end of central directory: signature, disks, counts, size, offset, comment
# a central directory header (zipfile's structCentralDir), what is read of it: signature, version needed, flags,
# method, CRC-32, compressed size, size, the lengths of name, extra field and comment, local header offset
_ENTRY = struct.Struct("<4s2xBxHH4xLLLHHH8xL")
_LOCAL_HEADER = struct.Struct("<4s2xH18xHH")  # signature, flags, (version..sizes), the name's and extra's lengths
_NOT_PLAIN = 0x1 | 0x20 | 0x40  # encrypted, patched data, strong encryption: zipfile decides what to say
_UTF8 = 0x800  # the part's name is UTF-8 (else cp437)
_MAX_EXTRACT_VERSION = 63  # what zipfile reads; a later version is its NotImplementedError


class Entry(NamedTuple):
    """What a part's central directory header says (the fields named as ``zipfile.ZipInfo`` names them)."""

    filename: str
    header_offset: int
    flag_bits: int
    compress_type: int
    CRC: int
    compress_size: int
    file_size: int
    end: int  # where the next part's local header (or the central directory) begins: the part ends before


class MemoryZip:
    """A read-only zip in memory: ``namelist``, ``getinfo``, ``read``, as ``zipfile.ZipFile``, and ``sizes``."""

    def __init__(self, data: bytes, parts: dict[str, tuple[int, int, int, int, int, int]], ends: dict[int, int]) -> None:
        self.data = data
        self._parts = parts  # name → (header offset, flags, method, CRC-32, compressed size, size)
        self._ends = ends  # header offset → where the part must end
        self._zipfile: zipfile.ZipFile | None = None

    @classmethod
    def of(cls, data: bytes) -> MemoryZip | None:
        """The zip of these bytes, or None when its directory is not of the plain kind (see the module)."""
        directory = _directory(data)
        return None if directory is None else cls(data, *directory)

    def namelist(self) -> list[str]:
        return list(self._parts)

    def sizes(self) -> list[tuple[str, int, int]]:
        """(name, size, compressed size) of every part, in directory order."""
        return [(name, part[5], part[4]) for name, part in self._parts.items()]

    def __contains__(self, name: str) -> bool:
        return name in self._parts

    def getinfo(self, name: str) -> Entry:
        part = self._parts.get(name)
        if part is None:
            raise KeyError(f"There is no item named {name!r} in the archive")
        return Entry(name, *part, self._ends[part[0]])

    def read(self, name: str) -> bytes:
        """A part's bytes; KeyError for a missing part, and what ``zipfile`` raises for a damaged one."""
        data = inflate(self.data, self.getinfo(name))
        return data if data is not None else read_chunked(self.as_zipfile(), name)

    def raw(self, name: str) -> memoryview | None:
        """A part's compressed bytes, when ``read`` would inflate them itself (None otherwise); KeyError if
        missing. Equal compressed bytes with an equal method, size and CRC-32 are equal parts."""
        entry = self.getinfo(name)
        return _raw_part(memoryview(self.data), entry) if _plain(entry) else None

    def as_zipfile(self) -> zipfile.ZipFile:
        """The same bytes opened by ``zipfile``, for what is read the ordinary way."""
        if self._zipfile is None:
            self._zipfile = zipfile.ZipFile(io.BytesIO(self.data))
        return self._zipfile

    def close(self) -> None:
        if self._zipfile is not None:
            self._zipfile.close()

    def __enter__(self) -> MemoryZip:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _directory(data: bytes):
    """The parts of a plain zip by name, in directory order, and where each must end; None if not plain."""
    size = len(data)
    if size < 42 or data[-22:-18] != b"PK\x05\x06" or data[-2:] != b"\0\0" or data[-42:-38] == b"PK\x06\x07":
        return None  # no end record at the very end (a comment, or not a zip), or a zip64 one
    cd_size, cd_offset = _END.unpack_from(data, size - 22)[5:7]
    if cd_offset + cd_size != size - 22:  # anything between the directory and its end, or before the first part
        return None
    parts = {}
    position, end = cd_offset, cd_offset + cd_size
    unpack = _ENTRY.unpack_from
    while position < end:
        if position + 46 > end:
            return None
        (signature, extract_version, flags, method, crc, compressed, size, name_length, extra_length, comment_length,
         offset) = unpack(data, position)
        if signature != b"PK\x01\x02" or extract_version > _MAX_EXTRACT_VERSION or extra_length:
            return None
        start = position + 46
        position = start + name_length + comment_length
        if position > end:
            return None
        name = data[start : start + name_length]
        try:
            name = name.decode("ascii" if name.isascii() else "utf-8" if flags & _UTF8 else "cp437")
        except UnicodeDecodeError:
            return None
        if name in parts or "\x00" in name or "\\" in name:  # zipfile renames these (and keeps one of two)
            return None
        parts[name] = (offset, flags, method, crc, compressed, size)
    offsets = sorted(part[0] for part in parts.values())
    if position != end or len(set(offsets)) != len(offsets):  # two parts at one place: zipfile decides
        return None
    return parts, dict(zip(offsets, offsets[1:] + [cd_offset]))


def _plain(info) -> bool:
    return not info.flag_bits & _NOT_PLAIN and info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def inflate(buffer, info, limit: int | None = None) -> bytes | None:
    """A stored or deflated, unencrypted part of the zip in ``buffer``, inflated from the bytes themselves, or
    None when anything disagrees (another compression, encryption, a header, size or CRC-32 that does not
    agree): the caller reads it the ordinary way, which raises what ``zipfile`` always raised.

    ``info`` is a ``ZipInfo`` or an ``Entry``; ``limit`` (for a ``ZipInfo``) is where the part must end."""
    if not _plain(info):
        return None
    with memoryview(buffer) as whole:
        raw = _raw_part(whole, info, limit)
        if raw is None:
            return None
        with raw:
            if info.file_size == 0:  # decompress(…, 0) would mean "no limit"
                if bytes(raw) != (b"" if info.compress_type == zipfile.ZIP_STORED else b"\x03\x00"):
                    return None  # not the plain empty part: zipfile decides (3.10 inflates it, 3.11 does not)
                data = b""
            else:
                try:  # one byte beyond the declared size: a stream that goes on after it (damaged, or longer
                    # than it says) is decoded as far as zipfile decodes it, and fails its length here or its
                    # decoding as zipfile's does; never more than that is inflated
                    data = bytes(raw) if info.compress_type == zipfile.ZIP_STORED else zlib.decompressobj(
                        -15).decompress(raw, info.file_size + 1)
                except zlib.error:
                    return None
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return None
    return data


def _raw_part(whole: memoryview, info, limit: int | None = None) -> memoryview | None:
    """The part's compressed bytes, after a local header that is its own; None when anything disagrees."""
    start = info.header_offset
    if start < 0 or start + _LOCAL_HEADER.size > len(whole):
        return None
    signature, flags, name_length, extra_length = _LOCAL_HEADER.unpack_from(whole, start)
    start += _LOCAL_HEADER.size
    name = bytes(whole[start : start + name_length])
    try:
        name = name.decode("ascii" if name.isascii() else "utf-8" if flags & _UTF8 else "cp437")  # (alike in ASCII)
    except UnicodeDecodeError:
        return None
    start += name_length + extra_length
    end = start + info.compress_size
    if isinstance(info, Entry):
        limit = info.end
    if signature != b"PK\x03\x04" or name != getattr(info, "orig_filename", info.filename) or end > len(whole) or (
            limit is not None and end > limit):
        return None
    return whole[start:end]


READ_CHUNK = 1 << 16  # bytes inflated at a time


def read_chunked(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part read through ``zipfile``, a chunk at a time: never more than its declared size (which sniff
    checked). ``archive.read`` would inflate all of a part's compressed bytes in one call and only then cut the
    result to the declared size, so a part that lies about its size (64 KB declared, 64 MB inside) would be
    held in memory whole before its CRC failed; reading in chunks stops at the declared size, and the CRC then
    fails (BadZipFile)."""
    with archive.open(name) as part:
        first = part.read(READ_CHUNK)
        if len(first) < READ_CHUNK:  # read() stops short only at the end, where the CRC has been checked
            return first
        chunks = [first]
        while chunk := part.read(READ_CHUNK):
            chunks.append(chunk)
    return b"".join(chunks)
