"""The official .docx form: a write that fails leaves nothing beside the target."""
import errno
import zipfile

import pytest

from anquanyue.writing import write_form
from anquanyue.writing.atomic import OutputError


def test_a_docx_whose_entry_times_cannot_be_fixed_leaves_no_file_behind(weihai, tmp_path, monkeypatch):
    real = zipfile.ZipFile.writestr
    stamped = []

    def full_disk(self, entry, data, *args, **kwargs):
        if str(self.filename).endswith(".stamp"):  # the second pass, which fixes the entries' times
            stamped.append(entry)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, entry, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full_disk)
    target = tmp_path / "汇总.docx"
    with pytest.raises(OutputError) as caught:
        write_form(weihai, target)
    assert len(stamped) == 1
    assert str(caught.value) == f"{target}：写入失败（磁盘空间不足），请检查磁盘空间和文件权限后重试。"
    assert list(tmp_path.iterdir()) == []
