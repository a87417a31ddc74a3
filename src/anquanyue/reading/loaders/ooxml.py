"""What the .xlsx and .docx readers share: a hardened lxml parser and namespace-agnostic tag names."""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from lxml import etree

from anquanyue.reading.document import LoadError

# No DTD loading, no entity expansion, no network. The prolog scan in sniff() already refused any part that
# declares a DOCTYPE; this is the second lock on the same door.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                         remove_comments=True, remove_pis=True)


def local(tag: object) -> str:
    """``{namespace}name`` → ``name`` (transitional and strict OOXML use different namespaces)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


_ROOT_START = re.compile(rb"<[A-Za-z_]")


def declares_entities(data: bytes) -> bool:
    """Whether an XML part's prolog (before its root element) declares a DOCTYPE or entities.

    Office never writes one; "billion laughs" and external entities (file:///…) need one.
    """
    root = _ROOT_START.search(data)
    head = (data if root is None else data[: root.start()]).replace(b"\x00", b"").upper()
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


READ_CHUNK = 1 << 16  # bytes inflated at a time


def read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part's bytes, inflated a chunk at a time: never more than its declared size (which sniff checked).

    ``archive.read`` would inflate all of a part's compressed bytes in one call and only then cut the result to
    the declared size, so a part that lies about its size (64 KB declared, 64 MB inside) would be held in memory
    whole before its CRC failed. Reading in chunks stops at the declared size; the CRC then fails (BadZipFile).
    Raises KeyError for a missing part.

    A zip held in memory (every .xlsx/.docx sniff opened) is inflated straight from its bytes (``_inflated``);
    whatever that path does not take for certain goes the ordinary way, which says what is wrong.
    """
    data = _inflated(archive, archive.getinfo(name))
    if data is not None:
        return data
    with archive.open(name) as part:
        first = part.read(READ_CHUNK)
        if len(first) < READ_CHUNK:  # read() stops short only at the end, where the CRC has been checked
            return first
        chunks = [first]
        while chunk := part.read(READ_CHUNK):
            chunks.append(chunk)
    return b"".join(chunks)


_LOCAL_HEADER = struct.Struct("<4s2xH18xHH")  # signature, flags, (version..sizes), the name's and extra's lengths
_NOT_PLAIN = 0x1 | 0x20 | 0x40  # encrypted, patched data, strong encryption: zipfile decides what to say


def _inflated(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """A stored or deflated, unencrypted part of an in-memory zip, inflated from the bytes themselves, or None.

    What ``archive.open`` does for such a part, without its file-object machinery (about a tenth of loading an
    .xlsx): the local header is the part's (signature and name), at most the declared size is inflated, and the
    result has exactly that size and its CRC. None for anything else (another compression, encryption, a header,
    size or CRC that does not agree): the caller reads it the ordinary way, which raises what it always raised."""
    fp = archive.fp
    if type(fp) is not io.BytesIO or info.flag_bits & _NOT_PLAIN or info.compress_type not in (
            zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None
    with fp.getbuffer() as whole:
        raw = _raw_part(whole, info)
        if raw is None:
            return None
        with raw:
            try:
                data = bytes(raw) if info.compress_type == zipfile.ZIP_STORED else zlib.decompressobj(-15).decompress(
                    raw, info.file_size)
            except zlib.error:
                return None
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return None
    return data


def _raw_part(whole: memoryview, info: zipfile.ZipInfo) -> memoryview | None:
    """The part's compressed bytes, after a local header that is its own; None when anything disagrees."""
    start = info.header_offset
    if start < 0 or start + _LOCAL_HEADER.size > len(whole):
        return None
    signature, flags, name_length, extra_length = _LOCAL_HEADER.unpack_from(whole, start)
    start += _LOCAL_HEADER.size
    try:
        name = bytes(whole[start : start + name_length]).decode("utf-8" if flags & 0x800 else "cp437")
    except UnicodeDecodeError:
        return None
    start += name_length + extra_length
    end = start + info.compress_size
    limit = getattr(info, "_end_offset", None)  # where the next part begins (Pythons that check for overlaps)
    if signature != b"PK\x03\x04" or name != info.orig_filename or end > len(whole) or (limit is not None
                                                                                        and end > limit):
        return None
    return whole[start:end]


CUSTOM_PROPERTIES = "docProps/custom.xml"


def custom_properties(archive: zipfile.ZipFile, path, fmt: str) -> dict[str, str]:
    """The custom document properties (name → text), where a deliverable records what it is; {} when none."""
    try:
        archive.getinfo(CUSTOM_PROPERTIES)
    except KeyError:
        return {}
    root = parse_part(archive, CUSTOM_PROPERTIES, path, fmt)
    if root is None:
        return {}
    return {prop.get("name", ""): "".join(prop.itertext()).strip() for prop in root.iterchildren("{*}property")}


def parse_part(archive: zipfile.ZipFile, name: str, path, fmt: str):
    """Parse one XML part; only parts read through here are ever parsed, each checked first."""
    try:
        data = read_part(archive, name)
    except KeyError:
        return None
    return parse_bytes(data, name, path, fmt)


def parse_bytes(data: bytes, name: str, path, fmt: str):
    """``parse_part`` of a part already read: the prolog checked, then parsed without entities or network."""
    if declares_entities(data):
        raise LoadError("file-unsafe-xml", location=str(path), detail=f"{name} 含 DOCTYPE/ENTITY 声明")
    try:
        return etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as exc:
        raise LoadError("file-corrupt", location=str(path), fmt=fmt, detail=f"{name} 第 {exc.lineno} 行起 XML 不完整") from None
