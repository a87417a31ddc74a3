"""What the desk holds between requests: the chosen form, inbox, output folder and roster, and the last reading
of the inbox (read again only when a file in it changed)."""
from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from anquanyue.chasing.roster import SPREADSHEETS, Roster, RosterError, load_roster
from anquanyue.chasing.status import StatusResult, status_of
from anquanyue.desk.files import DeskError
from anquanyue.merging.merge import MergeResult, merge, merge_results
from anquanyue.reading.archives import on_disk
from anquanyue.reading.inbox import collect
from anquanyue.schema import Schema, SchemaError, list_schemas, load_schema
from anquanyue.schema.registry import Registry
from anquanyue.writing.atomic import OutputError
from anquanyue.writing.outputs import write_outputs

ROSTER_STEM = "应报单位名单"  # the roster's copy in the output folder, loaded again on the next launch
ROSTER_SUFFIXES = (".csv", *SPREADSHEETS, ".yaml", ".yml")  # what load_roster reads
SCHEMA_FOLDER = "表样"  # uploaded schemas, in the output folder


def default_output(inbox: Path) -> Path:
    """Beside the inbox, never in it (what is written there would be read as a unit's form)."""
    return inbox.parent / f"{inbox.name}-汇总"


@dataclass
class Reading:
    """One reading of the inbox: the merge (every file accounted for) and, with a roster, who has reported."""

    key: tuple
    merged: MergeResult
    status: StatusResult | None
    at: str


@dataclass
class DeskState:
    inbox: Path | None = None
    output: Path | None = None
    schema: Schema | None = None  # None: recognised from each form
    roster: Roster | None = None
    output_is_default: bool = True  # beside the inbox, until she chooses another folder
    uploads: int = 0
    own_schemas: dict[str, Schema] = field(default_factory=dict)
    progress: tuple[int, int] | None = None  # while the inbox is being read: (files read, files to read)
    _reading: Reading | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # ---- choices ----
    def set_inbox(self, text: str, create: bool = False) -> None:
        text = (text or "").strip().strip('"')
        if not text:
            raise DeskError("请填写收件文件夹的位置，例如 D:\\安全月\\收件。")
        folder = Path(text).expanduser()
        if not folder.is_absolute():
            folder = Path.cwd() / folder
        if folder.exists() and not folder.is_dir():
            raise DeskError(f"{folder}：这是一个文件，不是文件夹。")
        if not folder.exists():
            if not create:
                raise DeskError(f"{folder}：文件夹不存在。要新建它，请勾选“不存在时新建”。")
            try:
                folder.mkdir(parents=True)
            except OSError as exc:
                raise DeskError(f"{folder}：无法新建文件夹（{os_error(exc)}）。") from None
        self.inbox = folder.resolve()
        if self.output_is_default:
            self.output = default_output(self.inbox)
        self._reading = None
        self.load_saved()

    def set_output(self, text: str) -> None:
        text = (text or "").strip().strip('"')
        if not text:
            raise DeskError("请填写汇总结果保存的文件夹。")
        folder = Path(text).expanduser()
        if not folder.is_absolute():
            folder = Path.cwd() / folder
        if folder.exists() and not folder.is_dir():
            raise DeskError(f"{folder}：这是一个文件，不是文件夹。")
        folder = folder.resolve()
        if self.inbox is not None and folder.is_relative_to(self.inbox):
            raise DeskError("汇总结果不能保存在收件文件夹里（会被当作单位报来的表再读一遍），请换一个文件夹。")
        self.output = folder
        self.output_is_default = False
        self.load_saved()

    def set_schema(self, ref: str) -> None:
        if not ref:
            self.schema = None
        elif ref in self.own_schemas:
            self.schema = self.own_schemas[ref]
        else:
            try:
                self.schema = load_schema(ref)
            except SchemaError as exc:
                raise DeskError(str(exc)) from None
        self._reading = None

    def add_schema_file(self, path: Path) -> Schema:
        try:
            schema = load_schema(str(path))
        except SchemaError as exc:
            path.unlink(missing_ok=True)
            raise DeskError(str(exc)) from None
        self.own_schemas[schema.id] = schema
        self.schema = schema
        self._reading = None
        return schema

    def schemas(self) -> list[Schema]:
        own = list(self.own_schemas.values())
        return own + [s for s in list_schemas() if s.id not in self.own_schemas]

    def set_roster(self, path: Path) -> None:
        try:
            roster = load_roster(path)
        except RosterError as exc:
            raise DeskError(str(exc)) from None
        for other in self.saved_rosters():
            if other != path:
                other.unlink(missing_ok=True)
        self.roster = roster
        self._reading = None

    def saved_rosters(self) -> list[Path]:
        if self.output is None:
            return []
        return [self.output / f"{ROSTER_STEM}{s}" for s in ROSTER_SUFFIXES if (self.output / f"{ROSTER_STEM}{s}").is_file()]

    def load_saved(self) -> None:
        """What an earlier launch kept in the output folder: the roster and the uploaded schemas."""
        self.load_saved_roster()
        folder = self.output / SCHEMA_FOLDER if self.output is not None else None
        if folder is not None and folder.is_dir():
            for path in sorted(folder.glob("*.y*ml")):
                try:
                    schema = load_schema(str(path))
                except SchemaError:
                    continue  # refused when it was uploaded; a file put there by hand and broken stays unused
                self.own_schemas.setdefault(schema.id, schema)

    def load_saved_roster(self) -> None:
        saved = self.saved_rosters()
        if saved and (self.roster is None or Path(self.roster.source) != saved[0]):
            try:
                self.roster = load_roster(saved[0])
            except RosterError:
                self.roster = None
            self._reading = None

    def output_folder(self) -> Path:
        if self.output is None:
            raise DeskError("请先选择收件文件夹。")
        try:
            self.output.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeskError(f"{self.output}：无法新建保存汇总结果的文件夹（{os_error(exc)}）。") from None
        return self.output

    # ---- reading ----
    def _key(self) -> tuple:
        files = []
        for path in collect([self.inbox]):
            try:
                info = on_disk(path).stat()  # a file inside an archive: the archive's size and time
            except OSError:
                continue
            files.append((str(path), info.st_size, info.st_mtime_ns))
        roster = None
        if self.roster is not None:
            try:
                roster = (self.roster.source, os.stat(self.roster.source).st_mtime_ns)
            except OSError:
                roster = (self.roster.source, 0)
        schemas = Registry.discover([self.inbox]).stamps()  # a schema file added or changed: forms read again
        return (tuple(files), self.schema.ref if self.schema else None, schemas, roster, dt.date.today().isoformat())

    def is_current(self) -> bool:
        """Whether the last reading is of the inbox as it is now (the page then shows it without waiting)."""
        if self.inbox is None or not self.inbox.is_dir():
            return True  # nothing to read: the page says what to do
        reading = self._reading
        return reading is not None and reading.key == self._key()

    def reading(self) -> Reading | None:
        """The inbox as it is now; read again only when a file was added, changed or removed (``progress`` says how
        far a reading has got, for the page to show while it waits)."""
        if self.inbox is None:
            return None
        if not self.inbox.is_dir():
            raise DeskError(f"{self.inbox}：收件文件夹已不存在，请重新选择。")
        with self._lock:
            key = self._key()
            if self._reading is None or self._reading.key != key:
                self.progress = (0, 0)
                try:  # the inbox is read here only
                    merged = merge([self.inbox], schema=self.schema, on_file=self._read)
                finally:
                    self.progress = None
                checked = status_of(merged.results, self.roster, schema=self.schema) if self.roster else None
                self._reading = Reading(key=key, merged=merged, status=checked,
                                        at=dt.datetime.now().strftime("%H:%M:%S"))
            return self._reading

    def _read(self, done: int, total: int, label: str) -> None:
        self.progress = (done, total)

    def write(self, to: str | None, fmt: str) -> tuple[Path, Path]:
        """The consolidated form (``to``: its form; .xlsx or .docx) and the working report, in the output folder."""
        if fmt not in ("xlsx", "docx"):
            raise DeskError("汇总表只能生成 .xlsx 或 .docx。")
        if self.inbox is None:
            raise DeskError("请先选择收件文件夹。")
        target = None
        if to:
            target = self.own_schemas.get(to)
            if target is None:
                try:
                    target = load_schema(to)
                except SchemaError as exc:
                    raise DeskError(str(exc)) from None
        reading = self.reading()  # the forms as last read; read again only when a file changed since
        # the report names who is not counted
        merged = merge_results(reading.merged.results, schema=self.schema, to=target, roster=self.roster)
        if not merged.schema_id:
            raise DeskError("收件文件夹里还没有能读出的统计表，无法汇总。")
        folder = self.output_folder()
        out = folder / f"汇总表-{merged.schema_id}.{fmt}"
        try:
            return write_outputs(merged, out, folder / f"工作报告-{merged.schema_id}.xlsx")
        except OutputError as exc:
            raise DeskError(str(exc)) from None


def os_error(exc: OSError) -> str:
    from anquanyue.issues import os_error_text

    return os_error_text(exc)
