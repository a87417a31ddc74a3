"""Atomic output: write beside the target, then rename; never over an input file."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from anquanyue.issues import Problem, os_error_text


class OutputError(Problem):
    """The output cannot be written where asked (a usage mistake, not a bug)."""


class InputFiles:
    """The input files an output must never replace: which files they are (device and inode) and their names,
    found once however many outputs are checked against them."""

    def __init__(self, paths: Iterable[str | os.PathLike]) -> None:
        self.paths = [os.fspath(p) for p in paths]
        self._identities: set[tuple[int, int]] | None = None
        self._names: set[str] | None = None

    def identities(self) -> set[tuple[int, int]]:
        if self._identities is None:
            found = set()
            for name in self.paths:
                try:
                    info = os.stat(name)
                except OSError:
                    continue
                found.add((info.st_dev, info.st_ino))
            self._identities = found
        return self._identities

    def named(self, name: str) -> list[str]:
        if self._names is None:
            self._names = {os.path.basename(p) for p in self.paths}
        return [p for p in self.paths if os.path.basename(p) == name] if name in self._names else []


def check_output(target: Path, inputs: Iterable[Path] | InputFiles = ()) -> None:
    """Refuse a target that is one of the inputs (same file by inode, or same path once resolved)."""
    target = Path(target)
    inputs = inputs if isinstance(inputs, InputFiles) else InputFiles(inputs)
    resolved = target.resolve()
    if any(Path(name).resolve() == resolved for name in inputs.named(target.name)):
        raise OutputError("output-is-input", location=str(target))
    try:
        info = target.stat()
    except OSError:
        info = None
    if info is not None and (info.st_dev, info.st_ino) in inputs.identities():
        raise OutputError("output-is-input", location=str(target))
    if target.exists() and target.is_dir():
        raise OutputError("output-is-folder", location=str(target))
    if not target.parent.exists():
        raise OutputError("output-folder-missing", location=str(target.parent))


def write_atomic(target: Path, save: Callable[[Path], None], inputs: Iterable[Path] | InputFiles = ()) -> Path:
    """Call ``save(tmp_path)`` and move the result onto ``target`` in one rename."""
    target = Path(target)
    check_output(target, inputs)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    except OSError as exc:
        raise OutputError("output-folder-unwritable", location=str(target), reason=os_error_text(exc)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        save(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an output is an ordinary file
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError("output-write-failed", location=str(target), reason=os_error_text(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
