"""Which files a scan covers: named files, folders (recursive) and ``-`` (a list of paths on stdin)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from fnmatch import fnmatch
from pathlib import Path
from typing import TextIO

from modellaw_check import read  # read at run time: readers for new formats register there

# Documentation and metadata that sit beside statutes in a collection (a corpus's README, SOURCES,
# LICENSE, a glossary; gold labels and configs as YAML): never statutes, so folder discovery skips
# them by default. A file named on the command line is always read.
DOC_STEMS = frozenset({
    "readme", "sources", "license", "licence", "copying", "notice", "changelog", "changes", "history",
    "news", "glossary", "authors", "contributors", "contributing", "code_of_conduct", "security",
    "citation", "manifest", "todo",
})
META_EXTENSIONS = frozenset({".yaml", ".yml", ".toml", ".json", ".jsonl", ".cfg", ".ini", ".csv", ".lock"})


def is_documentation(path: str | Path) -> bool:
    """Is this file documentation or metadata rather than a statute (README.md, SOURCES.md,
    LICENSE.txt, CHANGELOG.md, GLOSSARY.md, labels/x.yaml, modellaw-check.yaml ...)?"""
    name = Path(path).name
    stem, _, _ = name.partition(".")
    return stem.lower().replace("-", "_") in DOC_STEMS or Path(name).suffix.lower() in META_EXTENSIONS


class Skipped:
    """Counts what folder discovery left out as documentation or metadata (for the summary)."""

    def __init__(self) -> None:
        self.paths: list[Path] = []
        self.by_config: list[Path] = []  # left out by the config file's exclude

    def __len__(self) -> int:
        return len(self.paths)


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


def _walk(root: Path, include: list[str], exclude: list[str], skipped: Skipped | None = None,
          selects: Callable[[Path], bool] | None = None) -> Iterator[Path]:
    extensions = set(read.EXTENSIONS)
    root_real = os.path.realpath(root)
    for dirpath, dirnames, filenames in os.walk(root):
        # Sorted for a stable order; hidden folders (.git, .venv ...) are never statutes.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = base / name
            if is_documentation(name):
                if skipped is not None:
                    skipped.paths.append(path)
                continue
            if Path(name).suffix.lower() not in extensions:
                continue
            rel = path.relative_to(root).as_posix()
            if include and not _matches(rel, name, include):
                continue
            if exclude and _matches(rel, name, exclude):
                continue
            if selects is not None and not selects(path):
                if skipped is not None:
                    skipped.by_config.append(path)
                continue
            yield OutsideLink(path) if _outside(path, root_real) else path


def discover(args: Iterable[str], include: list[str] | None = None, exclude: list[str] | None = None,
             stdin: TextIO | None = None, skipped: Skipped | None = None,
             selects: Callable[[Path], bool] | None = None) -> Iterator[Path]:
    """Yield each file once. Folders are walked for files with a supported extension, filtered by the
    include/exclude globs (matched against the path relative to the folder and the file name) and by
    ``selects`` (the config file's exclude), less documentation and metadata files
    (``is_documentation``; counted in ``skipped``); a file named explicitly is always scanned, so that a
    missing or unreadable one becomes an error row.
    """
    include, exclude = include or [], exclude or []
    seen: set[str] = set()

    def expand(arg: str) -> Iterator[Path]:
        if os.path.isdir(arg):  # on the string: a Path's own is_dir is slower
            yield from _walk(Path(arg), include, exclude, skipped, selects)
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
