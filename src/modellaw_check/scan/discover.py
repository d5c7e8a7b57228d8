"""Which files a scan covers: named files, folders (recursive) and ``-`` (a list of paths on stdin)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from fnmatch import fnmatch
from pathlib import Path
from typing import TextIO


class OutsideLink(type(Path())):  # type: ignore[misc]  # PosixPath or WindowsPath
    """A symbolic link met while walking a folder whose target lies outside that folder: the scan
    reports it (an error row) and never reads it (a link to /etc/passwd must not become a title)."""


def _outside(path: Path, root_real: str) -> bool:
    if not os.path.islink(path):
        return False
    target = os.path.realpath(path)
    try:
        return os.path.commonpath([root_real, target]) != root_real
    except ValueError:  # different drives
        return True


def _matches(rel: str, name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch(rel, p) or fnmatch(name, p) for p in patterns)


def _walk(root: Path, include: list[str], exclude: list[str]) -> Iterator[Path]:
    from modellaw_check import read  # read at run time: readers for new formats register there

    extensions = set(read.EXTENSIONS)
    root_real = os.path.realpath(root)
    for dirpath, dirnames, filenames in os.walk(root):
        # Sorted for a stable order; hidden folders (.git, .venv ...) are never statutes.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in extensions:
                continue
            path = base / name
            rel = path.relative_to(root).as_posix()
            if include and not _matches(rel, name, include):
                continue
            if exclude and _matches(rel, name, exclude):
                continue
            yield OutsideLink(path) if _outside(path, root_real) else path


def discover(args: Iterable[str], include: list[str] | None = None, exclude: list[str] | None = None,
             stdin: TextIO | None = None) -> Iterator[Path]:
    """Yield each file once. Folders are walked for files with a supported extension, filtered by the
    include/exclude globs (matched against the path relative to the folder and the file name); a
    file named explicitly is always scanned, so that a missing or unreadable one becomes an error row.
    """
    include, exclude = include or [], exclude or []
    seen: set[str] = set()

    def expand(arg: str) -> Iterator[Path]:
        if os.path.isdir(arg):  # on the string: a Path's own is_dir costs half as much again
            yield from _walk(Path(arg), include, exclude)
        else:
            yield Path(arg)

    def each() -> Iterator[Path]:
        for arg in args:
            if arg == "-":
                if stdin is None:
                    continue
                for line in stdin:
                    line = line.rstrip("\r\n").strip()
                    if line and not line.startswith("#"):
                        yield from expand(line)
            else:
                yield from expand(arg)

    for path in each():
        key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            yield path
