"""What the .xlsx and .docx readers share: a hardened lxml parser and namespace-agnostic tag names."""
from __future__ import annotations

import re
import zipfile

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
    """
    with archive.open(name) as part:
        first = part.read(READ_CHUNK)
        if len(first) < READ_CHUNK:  # read() stops short only at the end, where the CRC has been checked
            return first
        chunks = [first]
        while chunk := part.read(READ_CHUNK):
            chunks.append(chunk)
    return b"".join(chunks)


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
