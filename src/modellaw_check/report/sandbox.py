"""The Jinja environment report templates run in: Jinja's sandbox (no Python internals), and no single
expression may build a huge value (``{{ 'a' * 10**10 }}`` in a user's template took all the memory
there was; Jinja's sandbox bounds only ``range``, to 100,000 items).

A user's template (``bounded=True``) is bounded as a whole as well: nested loops
(``{% for a in range(10**4) %}{% for b in range(10**4) %}x{% endfor %}{% endfor %}``, 10^8 steps,
ran for minutes and, printing, took gigabytes) may take at most ``MAX_STEPS`` steps, a step being
one iteration of a ``for`` loop (recursive ones included) or one item of a ``range``; and its ``*``
may build at most ``MAX_BUILT`` items in all. Its output is bounded where it is rendered
(``templated.MAX_OUTPUT``). The built-in templates are not counted: their loops follow the statute's
lines and findings, which the reader bounds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import nodes
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment, SecurityError, safe_range

MAX_ITEMS = 10_000_000  # characters or items one "*" may build
MAX_BITS = 100_000  # bits of an integer one "*" or "**" may build
MAX_STEPS = 2_000_000  # loop iterations plus range items in one rendering of a user's template (~1 s)
MAX_BUILT = 10 * MAX_ITEMS  # items all the "*" of one rendering of a user's template may build
# str methods and filters that pad to a width they are given ("{{ 'x'.center(10**9) }}": a gigabyte at once)
PADDING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "format", "format_map"})
# a width or precision of 10^7 or more in a format string: "%0999999999d", "{:>99999999}"
_WIDTH_FROM_ARGS = re.compile(r"%[-+ #0]*[0-9]*\.?\*|\{[^{}]*\{")  # "%*d", "%.*f", "{:{}}"
_WIDE_SPEC = re.compile(r"%[-+ #0]*[0-9]*\.?[0-9]{8,}|\{[^{}]*:[^{}]*[0-9]{8,}[^{}]*\}")


class BoundedSandbox(SandboxedEnvironment):
    """``SandboxedEnvironment`` with ``*`` and ``**`` checked before they run and, when ``bounded``,
    every loop iteration and range item counted (SecurityError: the template's error, exit 2)."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, bounded: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bounded = bounded
        self.steps = 0
        self.built = 0
        if bounded:
            self.globals["range"] = self._range
        for name in ("center", "indent", "format"):
            self.filters[name] = _padding_checked(self.filters[name], spec=name == "format")

    # -- steps ----------------------------------------------------------------------------------------
    def _charge(self, n: int) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise SecurityError(f"the template takes more than {MAX_STEPS:,} steps (loop iterations and "
                                "range items): it would run for minutes")

    def _range(self, *args: int) -> range:
        rng = safe_range(*args)  # Jinja's own bound first (OverflowError past 100,000 items)
        self._charge(len(rng))
        return rng

    def counted_iter(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """What a ``for`` loop of a bounded template iterates over (see ``_parse``)."""
        for item in iterable:
            self._charge(1)
            yield item

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        if self.bounded:
            for loop in tree.find_all(nodes.For):
                loop.iter = nodes.Call(nodes.EnvironmentAttribute("counted_iter"), [loop.iter], [], None, None,
                                       lineno=loop.lineno)
        return tree

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if __self.bounded and isinstance(__obj, LoopContext) and args:  # loop(children) in a recursive loop
            args = (__self.counted_iter(args[0]), *args[1:])
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(method, "__self__", None)
        if isinstance(owner, str) and getattr(method, "__name__", "") in PADDING:
            spec = owner if method.__name__.startswith("format") else None
            _check_padding(spec, *args, *kwargs.values())
        return super().call(__context, __obj, *args, **kwargs)

    # -- values ---------------------------------------------------------------------------------------
    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int):
                    size = len(seq) * times
                    if size > MAX_ITEMS:
                        raise SecurityError(f"the template repeats a value into more than {MAX_ITEMS:,} items")
                    self.built += max(size, 0)
                    if self.bounded and self.built > MAX_BUILT:
                        raise SecurityError(f"the template's '*' operators build more than {MAX_BUILT:,} items in all")
            if _int(left) and _int(right) and left.bit_length() + right.bit_length() > MAX_BITS:
                raise SecurityError("the template multiplies into an integer too large to print")
        if operator == "%" and isinstance(left, str):  # "%0999999999d" % 1
            _check_padding(left, *(right if isinstance(right, tuple) else (right,)))
        if operator == "**" and _int(left) and _int(right) and abs(left) > 1 \
                and right * left.bit_length() > MAX_BITS:
            raise SecurityError("the template raises to a power too large to compute")
        return super().call_binop(context, operator, left, right)


def _check_padding(spec: object, *args: object) -> None:
    """Refuse a width of more than ``MAX_ITEMS`` characters, given as a number or in a format string
    (``spec``; None for a method or filter that takes no format string, whose numbers are widths). With
    a format string, the numbers are values unless it takes its width from them (``%*d``, ``{:{}}``)."""
    if isinstance(spec, str):
        if _WIDE_SPEC.search(spec):
            raise SecurityError(f"the template pads a value to more than {MAX_ITEMS:,} characters")
        if not _WIDTH_FROM_ARGS.search(spec):
            return
    if any(_int(a) and abs(a) > MAX_ITEMS for a in args):  # type: ignore[operator]
        raise SecurityError(f"the template pads a value to more than {MAX_ITEMS:,} characters")


def _padding_checked(flt: Callable[..., Any], spec: bool) -> Callable[..., Any]:
    """A filter (``center``, ``indent``, ``format``: ``spec``, its value is a format string) whose widths
    are checked first."""
    def checked(value: object, *args: object, **kwargs: object) -> Any:
        _check_padding(value if spec else None, *args, *kwargs.values())
        return flt(value, *args, **kwargs)

    for attr in ("jinja_pass_arg",):  # keep how Jinja calls it (pass_environment, pass_context ...)
        if hasattr(flt, attr):
            setattr(checked, attr, getattr(flt, attr))
    return checked


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
