"""The compiled binary search agrees with the standard library's on every input."""

import bisect

from hypothesis import given
from hypothesis import strategies as st

from modellaw_check import bisection

sorted_ints = st.lists(st.integers(-50, 50)).map(sorted)


@given(sorted_ints, st.integers(-60, 60), st.integers(0, 60))
def test_same_as_bisect(a: list[int], x: int, lo: int) -> None:
    lo = min(lo, len(a))
    assert bisection.bisect_left(a, x, lo) == bisect.bisect_left(a, x, lo)
    assert bisection.bisect_right(a, x, lo) == bisect.bisect_right(a, x, lo)


def test_uses_the_c_functions_when_interpreted() -> None:
    # Interpreted, the loops would be slower than the standard library's C code.
    if not bisection.COMPILED:
        assert bisection.bisect_left is bisect.bisect_left
        assert bisection.bisect_right is bisect.bisect_right
    else:
        assert bisection.bisect_left is not bisect.bisect_left
