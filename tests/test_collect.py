import os
from pathlib import Path

from anquanyue.reading.inbox import collect, ignore_reason


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


def test_folders_recursively_in_path_order(tmp_path):
    for name in ("b.xlsx", "a/z.docx", "a-b/c.xls", "a/y/x.xlsx"):
        touch(tmp_path / name)
    found = [p.relative_to(tmp_path).as_posix() for p in collect([tmp_path])]
    # ordered as paths compare (part by part), so a/… comes before a-b/…
    assert found == ["a/y/x.xlsx", "a/z.docx", "a-b/c.xls", "b.xlsx"]


def test_same_file_reached_twice_is_listed_once(tmp_path):
    form = touch(tmp_path / "in" / "表.xlsx")
    (tmp_path / "in" / "链接.xlsx").symlink_to(form)
    os.link(form, tmp_path / "硬链接.xlsx")
    found = collect([tmp_path / "in", tmp_path / "in", form, tmp_path / "硬链接.xlsx"])
    assert found == [tmp_path / "in" / "表.xlsx"]


def test_folder_links_broken_links_and_pipes(tmp_path):
    touch(tmp_path / "elsewhere" / "x.xlsx")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dir-link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "in" / "broken.xlsx").symlink_to(tmp_path / "missing.xlsx")
    os.mkfifo(tmp_path / "in" / "pipe.xlsx")
    assert collect([tmp_path / "in"]) == []
    # named on the command line, a missing file is kept: reading it reports the problem
    assert collect([tmp_path / "missing.xlsx"]) == [tmp_path / "missing.xlsx"]


def test_ignore_reasons():
    assert ignore_reason(Path("~$表.xlsx")) == "Office 打开文件时生成的临时锁定文件"
    assert ignore_reason(Path(".DS_Store")) == "隐藏文件或系统文件"
    assert ignore_reason(Path("说明.pdf")) is None  # a unit's scan: read, and excluded saying what to ask for
    assert ignore_reason(Path("说明.txt")) == "文字说明（.txt），单位不会用纯文本报送统计表"
    assert ignore_reason(Path("表.XLSX")) is None
