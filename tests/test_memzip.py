"""The in-memory zip every .xlsx/.docx is read through: what it reads is what zipfile reads, and whatever it does
not take for certain is zipfile's to read."""
import io
import struct
import zipfile

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from anquanyue.reading.loaders.memzip import MemoryZip, read_chunked

NAMES = st.text(alphabet=st.sampled_from("abcxyz/._-统计表汇总１"), min_size=1, max_size=20).filter(
    lambda n: not n.startswith("/") and not n.endswith("/"))
PARTS = st.dictionaries(NAMES, st.one_of(st.binary(max_size=300), st.text(max_size=3000).map(str.encode)),
                        min_size=1, max_size=5)
METHODS = st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])


def zipped(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED, comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        archive.comment = comment
    return buffer.getvalue()


def outcome(read, name):
    """What reading a part gives: its bytes, or the exception's type and text."""
    try:
        return read(name)
    except Exception as exc:  # noqa: BLE001 - the very exception is what is compared
        return type(exc), str(exc)


@settings(max_examples=80, deadline=None)
@given(PARTS, METHODS)
def test_a_plain_zip_is_read_as_zipfile_reads_it(parts, method):
    data = zipped(parts, method)
    plain = MemoryZip.of(data)
    reference = zipfile.ZipFile(io.BytesIO(data))
    assert plain is not None and plain.namelist() == reference.namelist() == list(parts)
    for info in reference.infolist():
        entry = plain.getinfo(info.filename)
        assert (entry.header_offset, entry.flag_bits, entry.compress_type, entry.CRC, entry.compress_size,
                entry.file_size) == (info.header_offset, info.flag_bits, info.compress_type, info.CRC,
                                     info.compress_size, info.file_size)
        assert plain.read(info.filename) == parts[info.filename] == reference.read(info.filename)
    assert plain.sizes() == [(i.filename, i.file_size, i.compress_size) for i in reference.infolist()]
    with pytest.raises(KeyError):
        plain.read("missing.xml")


def _with_extra(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("a.xml")
        info.extra = struct.pack("<HH4s", 0xCAFE, 4, b"abcd")
        archive.writestr(info, data)
    return buffer.getvalue()


def _zip64(data: bytes) -> bytes:
    """A zip64 end of central directory (zipfile writes one past 65,535 parts)."""
    original = zipfile.ZIP_FILECOUNT_LIMIT
    zipfile.ZIP_FILECOUNT_LIMIT = 0
    try:
        return zipped({"a.xml": data})
    finally:
        zipfile.ZIP_FILECOUNT_LIMIT = original


def _duplicated(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.xml", data)
        with pytest.warns(UserWarning):
            archive.writestr("a.xml", data + b"!")
    return buffer.getvalue()


@pytest.mark.parametrize("make", [
    lambda d: zipped({"a.xml": d}, comment=b"made by a mail system"),  # an archive comment
    lambda d: b"prefix" + zipped({"a.xml": d}),  # something before the first part (zipfile shifts every offset)
    _with_extra, _zip64, _duplicated,
    lambda d: zipped({"a\\b.xml": d}),  # a backslash (zipfile makes it a slash on Windows)
    lambda d: zipped({"a.xml": d})[:-30],  # no end record
    lambda d: b"",
], ids=["comment", "prefix", "extra", "zip64", "duplicate", "backslash", "truncated", "empty"])
def test_what_is_not_plain_is_left_to_zipfile(make):
    assert MemoryZip.of(make(b"<a>1</a>")) is None


@settings(max_examples=300, deadline=None)
@given(PARTS, METHODS, st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=3))
# a part whose stream yields its one declared byte, then a back-reference too far back: zipfile decodes on and fails
@example(parts={"_": b"\x00\x00\x00\x00\x01", "总总": b"\x00",
                "总": b"\x00\x00\x00\x00\x01\x00\x00\x90\x90\x90\x91\x90\x90\x92", "___": b"",
                "____总": b"\x00\x00\x00\x00\x01"}, method=zipfile.ZIP_DEFLATED, damage=[(97_535_224_623_225_760, 33)])
def test_a_damaged_zip_is_read_as_zipfile_reads_it_or_left_to_it(parts, method, damage):
    """Bytes changed anywhere (directory, headers, data): either left to zipfile, or every part read the same
    or refused with the same exception."""
    data = bytearray(zipped(parts, method))
    for where, value in damage:
        data[where % len(data)] = value
    data = bytes(data)
    plain = MemoryZip.of(data)
    if plain is None:
        return
    reference = zipfile.ZipFile(io.BytesIO(data))  # what is taken for plain, zipfile opens too
    assert plain.namelist() == reference.namelist()
    for name in reference.namelist():
        assert outcome(plain.read, name) == outcome(lambda n: read_chunked(reference, n), name)


def test_a_zip64_local_header_is_read_as_zipfile_reads_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, archive.open("a.xml", "w", force_zip64=True) as part:
        part.write(b"<a>1</a>")
    assert MemoryZip.of(buffer.getvalue()).read("a.xml") == b"<a>1</a>"


def test_a_part_claiming_to_be_empty_is_never_inflated():
    data = zipped({"a.xml": b"<a>" + b"7" * 100_000 + b"</a>"})
    plain = MemoryZip.of(data)
    crc_offset = data.rindex(b"PK\x01\x02") + 16  # the central directory header's CRC-32 and sizes
    lying = data[: crc_offset] + struct.pack("<LLL", 0, plain.getinfo("a.xml").compress_size, 0) + data[crc_offset + 12:]
    assert MemoryZip.of(lying).read("a.xml") == b"" == zipfile.ZipFile(io.BytesIO(lying)).read("a.xml")
