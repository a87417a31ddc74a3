import os

import pytest

from anquanyue.writing.atomic import InputFiles, OutputError, check_output, write_atomic


def test_atomic_write_replaces_in_one_step_and_keeps_no_temp(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, lambda tmp: tmp.write_text("new", encoding="utf-8"))
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)


def test_a_failed_save_leaves_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def broken(tmp):
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match=r"out\.txt：写入失败（磁盘空间不足），请检查磁盘空间和文件权限后重试。"):
        write_atomic(target, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    with pytest.raises(OutputError, match="无法在该文件夹写入"):
        write_atomic(folder / "x.txt", lambda tmp: tmp.write_text("x"))


def test_a_folder_that_cannot_take_a_file_even_as_root(tmp_path):
    """The same refusal as an unwritable folder, where CI (root) can see it: the "folder" is a file."""
    not_a_folder = tmp_path / "总表.xlsx"
    not_a_folder.write_bytes(b"x")
    with pytest.raises(OutputError) as caught:
        write_atomic(not_a_folder / "x.txt", lambda tmp: tmp.write_text("x"))
    assert str(caught.value) == f"{not_a_folder / 'x.txt'}：无法在该文件夹写入（路径中有一段不是文件夹），请检查文件夹权限或换一个位置。"
    assert not_a_folder.read_bytes() == b"x"


def test_never_over_an_input(tmp_path):
    source = tmp_path / "in.xlsx"
    source.write_bytes(b"x")
    with pytest.raises(OutputError, match="不能覆盖报送的原件"):
        write_atomic(source, lambda tmp: tmp.write_bytes(b"y"), inputs=[source])
    link = tmp_path / "link.xlsx"
    os.link(source, link)
    with pytest.raises(OutputError, match="不能覆盖报送的原件"):
        write_atomic(link, lambda tmp: tmp.write_bytes(b"y"), inputs=[source])
    assert source.read_bytes() == b"x"


def test_input_files_are_looked_at_once_for_every_output(tmp_path, monkeypatch):
    sources = [tmp_path / f"{n}.xlsx" for n in range(3)]
    for source in sources:
        source.write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    inputs = InputFiles(sources)
    calls = []
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: calls.append(p) or real_stat(p, *a, **k))
    for name in ("a.xlsx", "b.xlsx", "sub/1.xlsx"):  # b: the same name as no input; sub/1: the name of one
        (tmp_path / name).write_bytes(b"old")
        write_atomic(tmp_path / name, lambda tmp: tmp.write_bytes(b"y"), inputs=inputs)
    # inputs 0 and 2 share no name with an output: looked at once for three outputs (1 is also resolved by name)
    assert [str(c) for c in calls].count(str(sources[0])) == 1
    assert [str(c) for c in calls].count(str(sources[2])) == 1
    with pytest.raises(OutputError, match="不能覆盖报送的原件"):
        check_output(tmp_path / "x" / ".." / "2.xlsx", inputs)  # the same path written another way


def test_system_reasons_are_given_in_chinese_where_common():
    import errno

    from anquanyue.issues import os_error_text

    assert os_error_text(PermissionError(errno.EACCES, "Permission denied")) == "没有权限"
    assert os_error_text(OSError(errno.EROFS, "Read-only file system")) == "磁盘是只读的"
    assert os_error_text(OSError(errno.EXDEV, "Invalid cross-device link")) == "Invalid cross-device link"  # rare: as said
    assert os_error_text(OSError("no errno")) == "no errno"
