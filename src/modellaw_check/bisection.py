"""Binary search over sorted lists of offsets, as ``bisect.bisect_left``/``bisect_right``.

Where compiled with mypyc (``hatch_build.py``; not in the default build: docs/performance.md) these
loops compare unboxed integers, faster than the standard library's ``bisect``, which compares
Python objects, and a statute's check makes tens of thousands of such searches (is a hit inside this
unit?). Interpreted, the standard library's C
functions are faster, so an uncompiled install uses them instead.
"""

from __future__ import annotations

import bisect as _bisect


def bisect_left(a: list[int], x: int, lo: int = 0) -> int:
    """The first index ``i >= lo`` with ``a[i] >= x`` (``len(a)`` if none)."""
    hi = len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def bisect_right(a: list[int], x: int, lo: int = 0) -> int:
    """The first index ``i >= lo`` with ``a[i] > x`` (``len(a)`` if none)."""
    hi = len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


COMPILED = not __file__.endswith(".py")
if not COMPILED:  # callers import these names after this runs, so they get the C functions
    globals().update(bisect_left=_bisect.bisect_left, bisect_right=_bisect.bisect_right)
