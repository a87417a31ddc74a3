"""What the .xlsx and .docx readers share: reading a part, naming it by its content for the template caches,
a hardened lxml parser and namespace-agnostic tag names."""
from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from anquanyue.reading.document import LoadError
from anquanyue.reading.loaders.memzip import MemoryZip, inflate, read_chunked
from anquanyue.speed.compiled_regex import ModulePatterns

# No DTD loading, no entity expansion, no network. The prolog scan in sniff() already refused any part that
# declares a DOCTYPE; this is the second lock on the same door.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                         remove_comments=True, remove_pis=True)


def local(tag: object) -> str:
    """``{namespace}name`` → ``name`` (transitional and strict OOXML use different namespaces)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _LocalNames(dict):
    """``local`` of each tag, worked out the first time it is met (a form has a few dozen distinct tags)."""

    def __missing__(self, tag: object) -> str:
        name = local(tag)
        if len(self) < 10_000:  # a hostile part with endless distinct tags is still read, not remembered
            self[tag] = name
        return name


LOCAL_NAMES = _LocalNames()  # LOCAL_NAMES[element.tag] == local(element.tag)

_patterns = ModulePatterns(__name__)
_ROOT_START = _patterns.compile(rb"<[A-Za-z_]")


def declares_entities(data: bytes) -> bool:
    """Whether an XML part's prolog (before its root element) declares a DOCTYPE or entities.

    Office never writes one; "billion laughs" and external entities (file:///…) need one.
    """
    root = _ROOT_START.search(data)
    head = (data if root is None else data[: root.start()]).replace(b"\x00", b"").upper()
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


def read_part(archive: zipfile.ZipFile | MemoryZip, name: str) -> bytes:
    """A part's bytes, never inflated past its declared size (which sniff checked); KeyError for a missing part.

    A zip held in memory (every .xlsx/.docx sniff opened) is inflated straight from its bytes
    (``memzip.inflate``); whatever that does not take for certain goes the ordinary way
    (``memzip.read_chunked``), which says what is wrong.
    """
    if isinstance(archive, MemoryZip):
        return archive.read(name)
    info = archive.getinfo(name)
    if type(archive.fp) is io.BytesIO:
        with archive.fp.getbuffer() as whole:
            data = inflate(whole, info, getattr(info, "_end_offset", None))  # (Pythons that check for overlaps)
        if data is not None:
            return data
    return read_chunked(archive, name)


class Part:
    """A part named by what it holds, for the caches of what forms made from one template share (their workbook
    and relationship parts, page headers and footers): equal parts are equal keys, and a part is inflated only
    when its key is new.

    In a zip held in memory the key is the part's compressed bytes with its method, size and CRC-32: equal
    compressed bytes inflate to equal bytes, and the part whose key was remembered passed every check
    (``memzip.inflate``) with that very size and CRC-32. Otherwise (a part ``zipfile`` must read) the key is the
    part's bytes. KeyError for a missing part, and what ``read_part`` raises for a damaged one."""

    __slots__ = ("key", "size", "_source")

    def __init__(self, archive: zipfile.ZipFile | MemoryZip, name: str) -> None:
        raw = archive.raw(name) if isinstance(archive, MemoryZip) else None
        if raw is None:
            self.key = self._source = read_part(archive, name)
            self.size = len(self.key)
        else:
            info = archive.getinfo(name)
            self.key = (bytes(raw), info.compress_type, info.file_size, info.CRC)
            self.size = info.file_size
            self._source = (archive, name)

    def data(self) -> bytes:
        """The part's bytes, inflated the first time they are asked for (a remembered key holds no archive)."""
        if isinstance(self._source, tuple):
            self._source = read_part(*self._source)
        return self._source

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Part) and self.key == other.key


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


# a damaged package's error, in the clerk's words (the zip's directory was read: what failed is inside it)
_DAMAGE = ((zipfile.BadZipFile, "压缩包中的数据损坏"), (zlib.error, "压缩数据损坏"), (EOFError, "压缩数据不完整"),
           (KeyError, "缺少必需的部分"))


def damaged(exc: BaseException, path, fmt: str) -> LoadError:
    """The ``file-corrupt`` error for a package whose reading failed with ``exc`` (a zip, zlib or lookup error, or
    a value that cannot be what it claims): what was found, never the library's English name for it."""
    detail = next((words for kind, words in _DAMAGE if isinstance(exc, kind)), "其中有不合规范的内容")
    return LoadError("file-corrupt", location=str(path), fmt=fmt, detail=detail)
