"""The Jinja environment report templates run in: Jinja's sandbox (no Python internals), and no single
expression may build a huge value (``{{ 'a' * 10**10 }}`` in a user's template took all the memory
there was; Jinja's sandbox bounds only ``range``)."""

from __future__ import annotations

from typing import Any

from jinja2.sandbox import SandboxedEnvironment, SecurityError

MAX_ITEMS = 10_000_000  # characters or items one "*" may build
MAX_BITS = 100_000  # bits of an integer one "*" or "**" may build


class BoundedSandbox(SandboxedEnvironment):
    """``SandboxedEnvironment`` with ``*`` and ``**`` checked before they run (SecurityError: the
    template's error, exit 2)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > MAX_ITEMS:
                    raise SecurityError(f"the template repeats a value into more than {MAX_ITEMS:,} items")
            if _int(left) and _int(right) and left.bit_length() + right.bit_length() > MAX_BITS:
                raise SecurityError("the template multiplies into an integer too large to print")
        if operator == "**" and _int(left) and _int(right) and abs(left) > 1 \
                and right * left.bit_length() > MAX_BITS:
            raise SecurityError("the template raises to a power too large to compute")
        return super().call_binop(context, operator, left, right)


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
