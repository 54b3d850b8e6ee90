"""The ODK XPath subset that XLSForms use, parsed once into a JSON-friendly AST and evaluated safely.

Never uses Python ``eval``. The AST is plain lists so the same tree can be sent to the browser
(``static/assessments/skiplogic.js`` evaluates it for skip logic without a round trip).

Grammar (XPath 1.0 precedence, lowest first)::

    or  <  and  <  = !=  <  < <= > >=  <  + -  <  * div mod  <  unary -  <  primary

Primaries: numbers, 'strings' / "strings", ``${name}`` references, ``.`` (the current
question's value, used in constraints), ``( expr )`` and function calls ``name(args)``.

AST nodes::

    ["num", 3.0]  ["str", "yes"]  ["ref", "age"]  ["cur"]
    ["neg", node]  ["op", "+", left, right]  ["call", "if", [args...]]

Values while evaluating: ``str``, ``float``, ``bool`` and ``NodeSet`` (a list of the values of a
question inside a repeat, read from outside that repeat: what ``sum()`` and ``count()`` take).
Empty answers are ``""``; ``number("")`` is NaN as in XPath, so use ``coalesce(${x}, 0)`` when
an optional answer should count as zero.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

Node = list


class ExpressionError(ValueError):
    """A malformed expression or an unsupported construct; ``str()`` is a plain-language reason."""


class NodeSet(list):
    """The values of one question across the instances of its repeat."""


# --- tokenizer ---------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<ref>\$\{\s*(?P<refname>[A-Za-z_][\w.\-]*)\s*\})
  | (?P<num>\d+(?:\.\d*)?|\.\d+)
  | (?P<str>'[^']*'|"[^"]*")
  | (?P<name>[A-Za-z_][\w\-]*(?::[A-Za-z_][\w\-]*)?)
  | (?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,|\.)
    """,
    re.VERBOSE,
)

MAX_LENGTH = 4000
MAX_DEPTH = 60


def tokenize(source: str) -> list[tuple[str, str, int]]:
    if not isinstance(source, str):
        raise ExpressionError("The expression must be text.")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"The expression is too long (more than {MAX_LENGTH} characters).")
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN_RE.match(source, pos)
        if match is None:
            raise ExpressionError(f"Unexpected character {source[pos]!r} at position {pos + 1}.")
        kind = match.lastgroup
        if kind == "refname":  # pragma: no cover - the named group nests inside "ref"
            kind = "ref"
        if match.group("ref") is not None:
            tokens.append(("ref", match.group("refname"), pos))
        elif kind == "num":
            tokens.append(("num", match.group(), pos))
        elif kind == "str":
            tokens.append(("str", match.group()[1:-1], pos))
        elif kind == "name":
            tokens.append(("name", match.group(), pos))
        elif kind == "op":
            tokens.append(("op", match.group(), pos))
        pos = match.end()
    tokens.append(("end", "", len(source)))
    return tokens


# --- parser ------------------------------------------------------------------------------------

_BINARY_LEVELS: list[tuple[str, ...]] = [
    ("or",),
    ("and",),
    ("=", "!="),
    ("<", "<=", ">", ">="),
    ("+", "-"),
    ("*", "div", "mod"),
]
_WORD_OPERATORS = {"or", "and", "div", "mod"}

_XPATH_SPACE = re.compile(r"[ \t\r\n]+")

# Function name -> (minimum arguments, maximum arguments or None for any number).
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "if": (3, 3),
    "selected": (2, 2),
    "count-selected": (1, 1),
    "selected-at": (2, 2),
    "coalesce": (2, 2),
    "string-length": (0, 1),
    "normalize-space": (0, 1),
    "number": (1, 1),
    "int": (1, 1),
    "round": (1, 2),
    "floor": (1, 1),
    "ceiling": (1, 1),
    "abs": (1, 1),
    "pow": (2, 2),
    "sum": (1, 1),
    "count": (1, 1),
    "min": (1, None),
    "max": (1, None),
    "today": (0, 0),
    "concat": (0, None),
    "regex": (2, 2),
    "contains": (2, 2),
    "starts-with": (2, 2),
    "ends-with": (2, 2),
    "substr": (2, 3),
    "string": (1, 1),
    "boolean": (1, 1),
    "not": (1, 1),
    "true": (0, 0),
    "false": (0, 0),
}


class _Parser:
    def __init__(self, source: str):
        self.source = source
        self.tokens = tokenize(source)
        self.index = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.index]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, value: str) -> None:
        kind, text, pos = self.take()
        if kind != "op" or text != value:
            found = "the end" if kind == "end" else repr(text)
            raise ExpressionError(f"Expected {value!r} at position {pos + 1}, found {found}.")

    def parse(self) -> Node:
        if self.peek()[0] == "end":
            raise ExpressionError("The expression is empty.")
        node = self.binary(0)
        kind, text, pos = self.peek()
        if kind != "end":
            raise ExpressionError(f"Unexpected {text!r} at position {pos + 1}.")
        return node

    def _is_operator(self, token: tuple[str, str, int], ops: tuple[str, ...]) -> bool:
        kind, text, _pos = token
        if kind == "op":
            return text in ops
        return kind == "name" and text in _WORD_OPERATORS and text in ops

    def binary(self, level: int) -> Node:
        if level == len(_BINARY_LEVELS):
            return self.unary()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError("The expression is nested too deeply.")
        ops = _BINARY_LEVELS[level]
        left = self.binary(level + 1)
        while self._is_operator(self.peek(), ops):
            op = self.take()[1]
            right = self.binary(level + 1)
            left = ["op", op, left, right]
        self.depth -= 1
        return left

    def unary(self) -> Node:
        kind, text, _pos = self.peek()
        if kind == "op" and text == "-":
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ExpressionError("The expression is nested too deeply.")
            node = ["neg", self.unary()]
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        kind, text, pos = self.take()
        if kind == "num":
            return ["num", float(text)]
        if kind == "str":
            return ["str", text]
        if kind == "ref":
            return ["ref", text]
        if kind == "op" and text == ".":
            return ["cur"]
        if kind == "op" and text == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ExpressionError("The expression is nested too deeply.")
            node = self.binary(0)
            self.expect(")")
            self.depth -= 1
            return node
        if kind == "name":
            if self.peek()[0] == "op" and self.peek()[1] == "(":
                return self.call(text, pos)
            raise ExpressionError(
                f"Unknown name {text!r} at position {pos + 1}; refer to questions as ${{{text}}}."
            )
        if kind == "end":
            raise ExpressionError("The expression ends too early.")
        raise ExpressionError(f"Unexpected {text!r} at position {pos + 1}.")

    def call(self, name: str, pos: int) -> Node:
        if name not in FUNCTIONS:
            raise ExpressionError(f"Unsupported function {name}() at position {pos + 1}.")
        self.expect("(")
        args: list[Node] = []
        if not (self.peek()[0] == "op" and self.peek()[1] == ")"):
            args.append(self.binary(0))
            while self.peek()[0] == "op" and self.peek()[1] == ",":
                self.take()
                args.append(self.binary(0))
        self.expect(")")
        low, high = FUNCTIONS[name]
        if len(args) < low or (high is not None and len(args) > high):
            expected = str(low) if low == high else f"{low} or more" if high is None else f"{low} to {high}"
            raise ExpressionError(f"{name}() takes {expected} argument(s), not {len(args)}.")
        return ["call", name, args]


def parse(source: str) -> Node:
    """Parse an expression into an AST; raises ``ExpressionError`` with a plain reason."""
    try:
        return _Parser(source).parse()
    except RecursionError as exc:  # pragma: no cover - guarded by MAX_DEPTH
        raise ExpressionError("The expression is nested too deeply.") from exc


def references(node: Node) -> set[str]:
    """The ``${names}`` an AST refers to."""
    found: set[str] = set()

    def walk(n: Node) -> None:
        tag = n[0]
        if tag == "ref":
            found.add(n[1])
        elif tag == "neg":
            walk(n[1])
        elif tag == "op":
            walk(n[2])
            walk(n[3])
        elif tag == "call":
            for arg in n[2]:
                walk(arg)

    walk(node)
    return found


# --- values ------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EPOCH = dt.date(1970, 1, 1)


def _scalar(value: Any) -> Any:
    if isinstance(value, NodeSet):
        return value[0] if value else ""
    return value


def to_number(value: Any) -> float:
    value = _scalar(value)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if value is None:
        return math.nan
    text = str(value).strip()
    if _DATE_RE.match(text):
        try:
            return float((dt.date.fromisoformat(text) - _EPOCH).days)
        except ValueError:
            return math.nan
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", text):
        return math.nan
    return float(text)


def to_string(value: Any) -> str:
    value = _scalar(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | int):
        number = float(value)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            return "Infinity" if number > 0 else "-Infinity"
        if number == int(number) and abs(number) < 1e16:
            return str(int(number))
        return repr(number)
    if value is None:
        return ""
    return str(value)


def to_bool(value: Any) -> bool:
    if isinstance(value, NodeSet):
        return len(value) > 0
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return not (value == 0 or math.isnan(value))
    if value is None:
        return False
    return len(str(value)) > 0


def _compare(op: str, left: Any, right: Any) -> bool:
    if isinstance(left, NodeSet) or isinstance(right, NodeSet):
        lefts = left if isinstance(left, NodeSet) else [left]
        rights = right if isinstance(right, NodeSet) else [right]
        return any(_compare(op, a, b) for a in lefts for b in rights)
    if op in ("=", "!="):
        if isinstance(left, bool) or isinstance(right, bool):
            equal = to_bool(left) == to_bool(right)
        elif isinstance(left, int | float) or isinstance(right, int | float):
            equal = to_number(left) == to_number(right)
        else:
            equal = to_string(left) == to_string(right)
        return equal if op == "=" else not equal
    if isinstance(left, str) and isinstance(right, str) and _DATE_RE.match(left) and _DATE_RE.match(right):
        a, b = left, right
    else:
        a, b = to_number(left), to_number(right)
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    return a >= b


def _arith(op: str, left: Any, right: Any) -> float:
    a, b = to_number(left), to_number(right)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "div":
        if b == 0:
            if a == 0 or math.isnan(a):
                return math.nan
            return math.copysign(math.inf, a) * math.copysign(1.0, b)
        return a / b
    # mod: XPath's remainder takes the sign of the dividend, as math.fmod does.
    if b == 0 or math.isinf(a) or math.isnan(a) or math.isnan(b):
        return math.nan
    return math.fmod(a, b)


def _selected_list(value: Any) -> list[str]:
    value = _scalar(value)
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return to_string(value).split()


def _round_half_up(number: float, digits: int = 0) -> float:
    if math.isnan(number) or math.isinf(number):
        return number
    factor = 10.0**digits
    return math.floor(number * factor + 0.5) / factor


def _numbers(args: list[Any]) -> list[float]:
    out: list[float] = []
    for arg in args:
        if isinstance(arg, NodeSet):
            out.extend(to_number(v) for v in arg)
        else:
            out.append(to_number(arg))
    return out


_REGEX_CACHE: dict[str, re.Pattern] = {}


def _regex(value: Any, pattern: Any) -> bool:
    text = to_string(pattern)
    compiled = _REGEX_CACHE.get(text)
    if compiled is None:
        try:
            compiled = re.compile(text)
        except re.error as exc:
            raise ExpressionError(f"Invalid regular expression {text!r}: {exc}.") from exc
        _REGEX_CACHE[text] = compiled
    return compiled.search(to_string(value)) is not None


class Context:
    """What an expression can see: a resolver for ``${name}``, the current value, today's date."""

    def __init__(
        self,
        resolve: Callable[[str], Any] | Mapping[str, Any],
        *,
        current: Any = "",
        today: dt.date | None = None,
    ):
        self._resolve = resolve.get if isinstance(resolve, Mapping) else resolve
        self.current = current
        self.today = today or dt.date.today()

    def lookup(self, name: str) -> Any:
        value = self._resolve(name)
        if value is None:
            return ""
        return value


def evaluate(node: Node, context: Context) -> Any:
    """Evaluate an AST; raises ``ExpressionError`` only for a malformed AST or bad regex."""
    tag = node[0]
    if tag == "num":
        return float(node[1])
    if tag == "str":
        return node[1]
    if tag == "ref":
        return context.lookup(node[1])
    if tag == "cur":
        return context.current
    if tag == "neg":
        return -to_number(evaluate(node[1], context))
    if tag == "op":
        op = node[1]
        if op == "or":
            return to_bool(evaluate(node[2], context)) or to_bool(evaluate(node[3], context))
        if op == "and":
            return to_bool(evaluate(node[2], context)) and to_bool(evaluate(node[3], context))
        left = evaluate(node[2], context)
        right = evaluate(node[3], context)
        if op in ("=", "!=", "<", "<=", ">", ">="):
            return _compare(op, left, right)
        return _arith(op, left, right)
    if tag == "call":
        return _call(node[1], node[2], context)
    raise ExpressionError(f"Unknown expression node {tag!r}.")


def _call(name: str, arg_nodes: list[Node], context: Context) -> Any:
    if name == "if":
        chosen = arg_nodes[1] if to_bool(evaluate(arg_nodes[0], context)) else arg_nodes[2]
        return evaluate(chosen, context)
    if name == "true":
        return True
    if name == "false":
        return False
    if name == "today":
        return context.today.isoformat()
    args = [evaluate(arg, context) for arg in arg_nodes]
    if name == "not":
        return not to_bool(args[0])
    if name == "boolean":
        return to_bool(args[0])
    if name == "string":
        return to_string(args[0])
    if name == "number":
        return to_number(args[0])
    if name == "int":
        number = to_number(args[0])
        return number if math.isnan(number) or math.isinf(number) else float(math.trunc(number))
    if name == "round":
        digits = 0 if len(args) == 1 else int(to_number(args[1])) if not math.isnan(to_number(args[1])) else 0
        return _round_half_up(to_number(args[0]), max(-15, min(15, digits)))
    if name == "floor":
        number = to_number(args[0])
        return number if math.isnan(number) or math.isinf(number) else float(math.floor(number))
    if name == "ceiling":
        number = to_number(args[0])
        return number if math.isnan(number) or math.isinf(number) else float(math.ceil(number))
    if name == "abs":
        return abs(to_number(args[0]))
    if name == "pow":
        try:
            return float(math.pow(to_number(args[0]), to_number(args[1])))
        except (OverflowError, ValueError):
            return math.nan
    if name == "selected":
        return to_string(args[1]).strip() in _selected_list(args[0])
    if name == "count-selected":
        return float(len(_selected_list(args[0])))
    if name == "selected-at":
        items = _selected_list(args[0])
        index = to_number(args[1])
        if math.isnan(index) or not 0 <= int(index) < len(items):
            return ""
        return items[int(index)]
    if name == "coalesce":
        first = to_string(args[0]) if not isinstance(args[0], NodeSet) else to_string(_scalar(args[0]))
        return args[0] if first not in ("", "NaN") else args[1]
    if name == "string-length":
        value = args[0] if args else context.current
        return float(len(to_string(value)))
    if name == "normalize-space":
        # XPath 1.0: trim, and collapse each run of space, tab, CR and LF into one space.
        value = args[0] if args else context.current
        return _XPATH_SPACE.sub(" ", to_string(value)).strip(" ")
    if name == "sum":
        values = args[0] if isinstance(args[0], NodeSet) else [args[0]]
        return float(sum(to_number(v) for v in values))
    if name == "count":
        if isinstance(args[0], NodeSet):
            return float(len(args[0]))
        return 1.0 if to_string(args[0]) != "" else 0.0
    if name in ("min", "max"):
        numbers = _numbers(args)
        if not numbers or any(math.isnan(n) for n in numbers):
            return math.nan
        return min(numbers) if name == "min" else max(numbers)
    if name == "concat":
        return "".join(
            " ".join(to_string(v) for v in a) if isinstance(a, NodeSet) else to_string(a) for a in args
        )
    if name == "regex":
        return _regex(args[0], args[1])
    if name == "contains":
        return to_string(args[1]) in to_string(args[0])
    if name == "starts-with":
        return to_string(args[0]).startswith(to_string(args[1]))
    if name == "ends-with":
        return to_string(args[0]).endswith(to_string(args[1]))
    if name == "substr":
        text = to_string(args[0])
        start = to_number(args[1])
        if math.isnan(start):
            return ""
        begin = max(0, int(start))
        if len(args) == 3:
            end = to_number(args[2])
            if math.isnan(end):
                return ""
            return text[begin : max(begin, int(end))]
        return text[begin:]
    raise ExpressionError(f"Unsupported function {name}().")
