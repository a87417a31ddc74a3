import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anquanyue.reading.loaders.ooxml import read_part


def zipped(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def in_memory(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))  # as sniff opens every .xlsx/.docx


NAMES = st.text(alphabet=st.sampled_from("abcxyz/._-统计表汇总１"), min_size=1, max_size=20).filter(
    lambda n: not n.startswith("/") and not n.endswith("/"))


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(NAMES, st.one_of(st.binary(max_size=300), st.text(max_size=3000).map(str.encode)),
                       min_size=1, max_size=4),
       st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
def test_a_part_read_from_memory_is_what_zipfile_reads(parts, method):
    archive = in_memory(zipped(parts, method))
    for name, data in parts.items():
        assert read_part(archive, name) == data == archive.read(name)


def test_an_in_memory_part_is_inflated_without_opening_it_and_a_file_on_disk_the_ordinary_way(tmp_path, monkeypatch):
    data = zipped({"xl/workbook.xml": b"<workbook/>" * 50, "empty.xml": b""})
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, name, *a, **k: opened.append(name) or real_open(self, name, *a, **k))
    archive = in_memory(data)
    assert read_part(archive, "xl/workbook.xml") == b"<workbook/>" * 50 and read_part(archive, "empty.xml") == b""
    assert opened == []
    (tmp_path / "b.xlsx").write_bytes(data)
    with zipfile.ZipFile(tmp_path / "b.xlsx") as on_disk:
        assert read_part(on_disk, "xl/workbook.xml") == b"<workbook/>" * 50
    assert opened == ["xl/workbook.xml"]
    with pytest.raises(KeyError):
        read_part(archive, "missing.xml")


def _damaged(data: bytes, old: bytes, new: bytes) -> zipfile.ZipFile:
    assert data.count(old) >= 1
    return in_memory(data.replace(old, new, 1))


def test_a_damaged_part_raises_what_zipfile_raises():
    stored = zipped({"a.xml": b"<a>12345</a>"}, zipfile.ZIP_STORED)
    with pytest.raises(zipfile.BadZipFile, match="Bad CRC-32 for file 'a.xml'"):
        read_part(_damaged(stored, b"<a>12345</a>", b"<a>12346</a>"), "a.xml")
    # the local header names another part than the directory does
    with pytest.raises(zipfile.BadZipFile, match="File name in directory 'a.xml' and header b'b.xml' differ"):
        read_part(_damaged(stored, b"a.xml<a>", b"b.xml<a>"), "a.xml")
    deflated = zipped({"a.xml": b"<a>" + b"7" * 5000 + b"</a>"})
    archive = in_memory(deflated)
    info = archive.getinfo("a.xml")
    info.file_size = 100  # a part that says it is smaller than it is: never inflated past what it says
    with pytest.raises(zipfile.BadZipFile, match="Bad CRC-32"):
        read_part(archive, "a.xml")


def test_an_encrypted_part_is_refused_as_zipfile_refuses_it():
    archive = in_memory(zipped({"a.xml": b"<a/>"}))
    archive.getinfo("a.xml").flag_bits |= 0x1
    with pytest.raises(RuntimeError, match="encrypted"):
        read_part(archive, "a.xml")


def test_a_part_is_named_by_its_compressed_bytes_size_and_crc_and_inflated_only_when_asked():
    from anquanyue.reading.loaders.memzip import MemoryZip
    from anquanyue.reading.loaders.ooxml import Part

    workbook = '<workbook><sheets><sheet name="统计表" r:id="rId1"/></sheets></workbook>'.encode() * 5
    first = MemoryZip.of(zipped({"xl/workbook.xml": workbook, "a.xml": b"<a>1</a>"}))
    second = MemoryZip.of(zipped({"b.xml": b"<b>22</b>", "xl/workbook.xml": workbook}))
    assert Part(first, "xl/workbook.xml") == Part(second, "xl/workbook.xml")
    assert hash(Part(first, "xl/workbook.xml")) == hash(Part(second, "xl/workbook.xml"))
    assert Part(first, "xl/workbook.xml") != Part(first, "a.xml")
    assert Part(second, "xl/workbook.xml").data() == workbook
    # the same compressed bytes under another CRC-32 are another part, refused when read
    data = zipped({"xl/workbook.xml": workbook})
    directory = data.rindex(b"PK\x01\x02")
    crc = data[directory + 16 : directory + 20]
    damaged = MemoryZip.of(data[: directory + 16] + bytes(b ^ 1 for b in crc) + data[directory + 20 :])
    part = Part(damaged, "xl/workbook.xml")
    assert part != Part(first, "xl/workbook.xml")
    with pytest.raises(zipfile.BadZipFile, match="Bad CRC-32"):
        part.data()
    # a part zipfile reads is named by its bytes
    assert Part(in_memory(zipped({"xl/workbook.xml": workbook})), "xl/workbook.xml").key == workbook
    with pytest.raises(KeyError):
        Part(first, "missing.xml")
