"""Config globs matched in linear time (issue 20: ``*a*a*a…*a*b`` as a backtracking regex hung
``check``).

The syntax is the config's (docs/workflows.md): ``**/`` is any number of leading folders, ``**`` any
characters, ``*`` any characters but ``/``, ``?`` one character but ``/``; everything else is itself;
a pattern without ``/`` matches a file's name in any folder. The pattern becomes a list of steps and
the path is run through all of them at once (a set of positions, as a Thompson NFA), so a match
costs at most len(pattern) x len(path) steps whatever the pattern. Position ``i`` is before step
``i``; ``-1 - i`` is inside step ``i`` when it is ``**/`` (some characters taken, not yet ended by
``/``: unlike its start, it may not be skipped).
"""

from __future__ import annotations

from functools import lru_cache

# Steps: a literal character, or one of these.
ONE = "?"  # one character but "/"
STAR = "*"  # any characters but "/"
ANY = "**"  # any characters
DIRS = "**/"  # nothing, or anything ending in "/"
_SPECIAL = {ONE, STAR, ANY, DIRS}


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> tuple[tuple[str, bool], ...]:
    """The steps of ``pattern``: (what, special) pairs."""
    pattern = pattern.removeprefix("./")
    steps: list[tuple[str, bool]] = [] if "/" in pattern else [(DIRS, True)]
    i = 0
    while i < len(pattern):
        for token in (DIRS, ANY, STAR, ONE):
            if pattern.startswith(token, i):
                steps.append((token, True))
                i += len(token)
                break
        else:
            steps.append((pattern[i], False))
            i += 1
    return tuple(steps)


def _closure(states: set[int], steps: tuple[tuple[str, bool], ...]) -> set[int]:
    """``states`` and every position reached from them without a character (a star may match nothing)."""
    todo = list(states)
    while todo:
        i = todo.pop()
        if 0 <= i < len(steps) and steps[i][1] and steps[i][0] != ONE and i + 1 not in states:
            states.add(i + 1)
            todo.append(i + 1)
    return states


def glob_match(pattern: str, path: str) -> bool:
    """Does the whole of ``path`` (POSIX slashes) match ``pattern``?"""
    steps = compile_glob(pattern)
    states = _closure({0}, steps)
    for ch in path:
        after: set[int] = set()
        for i in states:
            if i == len(steps):
                continue
            if i < 0:  # inside a "**/": any character stays inside, a "/" may end it
                after.add(i)
                if ch == "/":
                    after.add(-1 - i + 1)
                continue
            what, special = steps[i]
            if not special:
                if ch == what:
                    after.add(i + 1)
            elif what == ONE:
                if ch != "/":
                    after.add(i + 1)
            elif what == STAR:
                if ch != "/":
                    after.add(i)
            elif what == ANY:
                after.add(i)
            else:  # DIRS: any character goes inside it, and a "/" may end the folders at once
                after.add(-1 - i)
                if ch == "/":
                    after.add(i + 1)
        if not after:
            return False
        states = _closure(after, steps)
    return len(steps) in states
