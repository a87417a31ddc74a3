"""The clerk's own settings, kept between runs: the 联系人 and 电话 of her deliverable, typed once a year.

They live in ``settings.json`` in the user's configuration folder (platformdirs: ``%LOCALAPPDATA%\\anquanyue`` on
Windows, ``~/.config/anquanyue`` on Linux); ``ANQUANYUE_CONFIG_DIR`` names another folder (tests use it, so they
never touch the real one). A settings file that cannot be read or written never stops a merge: it is said, in
Chinese, and the run goes on without it.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_dir

from anquanyue.issues import os_error_text
from anquanyue.writing.atomic import OutputError, write_atomic

CONFIG_ENV = "ANQUANYUE_CONFIG_DIR"
FILE_NAME = "settings.json"
FIELDS = {"contact": ("联系人", "--contact"), "phone": ("电话", "--phone")}


def settings_path() -> Path:
    folder = os.environ.get(CONFIG_ENV) or user_config_dir("anquanyue", appauthor=False)
    return Path(folder) / FILE_NAME


def load_settings() -> dict:
    """The saved settings, or an empty dict when there are none (or they cannot be read)."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_settings(values: dict) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(values, ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


@dataclass
class Contact:
    """The deliverable's 联系人 and 电话, and what the clerk should be told about them."""

    contact: str | None
    phone: str | None
    notes: list[str] = field(default_factory=list)


def contact_for_merge(contact: str | None, phone: str | None) -> Contact:
    """联系人/电话 as given, remembered for next time; where not given, last time's, said so; where never given,
    a reminder that the deliverable leaves them empty."""
    saved = load_settings()
    given = {"contact": contact, "phone": phone}
    chosen: dict[str, str | None] = {}
    notes = []
    for key, (label, option) in FIELDS.items():
        value = (given[key] or "").strip() or None
        remembered = saved.get(key) if isinstance(saved.get(key), str) and saved.get(key).strip() else None
        if value is None and remembered:
            notes.append(f"提醒：未给出{label}（{option}），上报表沿用上次的“{remembered}”。")
            value = remembered
        elif value is None:
            notes.append(f"提醒：未给出{label}，上报表中“{label}”将为空；请用 {option} 填写（填写一次即记住，"
                         f"以后不必再填）。")
        chosen[key] = value
    updates = {k: v.strip() for k, v in given.items() if v and v.strip() and saved.get(k) != v.strip()}
    if updates:
        try:
            save_settings({**saved, **updates})
        except FileExistsError:  # the folder's name is taken by a file
            notes.append(f"提醒：{settings_path()}：无法保存联系人和电话（{settings_path().parent} 是一个文件，"
                         "不是文件夹），下次仍需给出。")
        except OSError as exc:
            notes.append(f"提醒：{settings_path()}：无法保存联系人和电话（{os_error_text(exc)}），下次仍需给出。")
        except OutputError as exc:
            notes.append(f"提醒：无法保存联系人和电话，下次仍需给出。{exc}")
    return Contact(chosen["contact"], chosen["phone"], notes)
