"""The ODK XPath subset: parsing, evaluation, and property tests against Python's arithmetic."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanad.assessments import expressions as ex

TODAY = dt.date(2026, 11, 21)


def run(source: str, values: dict | None = None, current="") -> object:
    return ex.evaluate(ex.parse(source), ex.Context(values or {}, current=current, today=TODAY))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("7 div 2", 3.5),
        ("7 mod 3", 1.0),
        ("-7 mod 3", -1.0),
        ("- 2 + 5", 3.0),
        ("10 - 2 - 3", 5.0),
        ("2 < 3 and 3 <= 3", True),
        ("2 > 3 or 1 = 1", True),
        ("not(1 = 1)", False),
        ("1 != 2", True),
        ("'a' = 'a'", True),
        ('"b" != "a"', True),
        ("if(1 > 0, 'yes', 'no')", "yes"),
        ("if(1 < 0, 'yes', 'no')", "no"),
        ("true() and not(false())", True),
        ("string-length('abcd')", 4.0),
        ("normalize-space('  Amina   Ali ')", "Amina Ali"),
        ("normalize-space('')", ""),
        ("normalize-space(12)", "12"),
        ("string-length(normalize-space('   '))", 0.0),
        ("number('12.5') + 1", 13.5),
        ("number('x')", math.nan),
        ("int(7.9)", 7.0),
        ("int(-7.9)", -7.0),
        ("round(2.5)", 3.0),
        ("round(3.14159, 2)", 3.14),
        ("floor(2.7) + ceiling(2.1)", 5.0),
        ("abs(-3)", 3.0),
        ("pow(2, 10)", 1024.0),
        ("min(3, 1, 2)", 1.0),
        ("max(3, 1, 2)", 3.0),
        ("concat('a', 1, 'b')", "a1b"),
        ("regex('AB-123', '^[A-Z]{2}-[0-9]+$')", True),
        ("regex('ab', '^[0-9]+$')", False),
        ("contains('hello', 'ell')", True),
        ("starts-with('hello', 'he')", True),
        ("ends-with('hello', 'lo')", True),
        ("substr('hello', 1, 3)", "el"),
        ("today()", "2026-11-21"),
        ("'2026-01-01' < today()", True),
        ("number('1970-01-11')", 10.0),
        ("1 div 0", math.inf),
        ("0 div 0", math.nan),
        ("5 mod 0", math.nan),
    ],
)
def test_evaluates(source, expected):
    value = run(source)
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(value, float) and math.isnan(value)
    else:
        assert value == expected


def test_references_selected_and_coalesce():
    values = {"needs": "food nfi", "age": 30.0, "empty": "", "sex": "f"}
    assert run("selected(${needs}, 'nfi')", values) is True
    assert run("selected(${needs}, 'cash')", values) is False
    assert run("selected(${needs}, 'nf')", values) is False
    assert run("count-selected(${needs})", values) == 2.0
    assert run("selected-at(${needs}, 1)", values) == "nfi"
    assert run("${age} >= 18 and ${sex} = 'f'", values) is True
    assert run("coalesce(${empty}, 0) + 1", values) == 1.0
    assert run("coalesce(${age}, 0)", values) == 30.0
    # An empty answer is NaN in arithmetic, as in ODK: comparisons with it are false.
    assert math.isnan(run("${empty} + 1", values))
    assert run("${empty} > 0", values) is False
    assert run("${missing} = ''", values) is True


def test_current_value_in_constraint():
    assert run(". >= 0 and . <= 120", current=30.0) is True
    assert run(". >= 0 and . <= 120", current=130.0) is False
    assert run("string-length(.) <= 3", current="abcd") is False
    assert run("regex(., '^[0-9]{9}$')", current="091234567") is True


def test_node_sets_for_repeats():
    values = {"child_age": ex.NodeSet([2.0, 7.0, 15.0])}
    assert run("sum(${child_age})", values) == 24.0
    assert run("count(${child_age})", values) == 3.0
    assert run("max(${child_age})", values) == 15.0
    assert run("${child_age} > 10", values) is True  # XPath: any node satisfies
    assert run("sum(${none})", {"none": ex.NodeSet([])}) == 0.0
    assert run("count(${none})", {"none": ex.NodeSet([])}) == 0.0


def test_numbers_format_like_xpath():
    assert ex.to_string(3.0) == "3"
    assert ex.to_string(3.5) == "3.5"
    assert ex.to_string(math.nan) == "NaN"
    assert ex.to_string(True) == "true"


def test_references_lists_names():
    assert ex.references(ex.parse("if(${a} > 1, ${b}, sum(${c}))")) == {"a", "b", "c"}


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("", "empty"),
        ("1 +", "ends too early"),
        ("(1 + 2", "Expected ')'"),
        ("1 2", "Unexpected '2'"),
        ("age > 3", "Unknown name 'age'"),
        ("eval('1')", "Unsupported function eval()"),
        ("__import__('os')", "Unsupported function"),
        ("if(1, 2)", "if() takes 3 argument(s), not 2"),
        ("1 ; 2", "Unexpected character ';'"),
        ("/data/age > 1", "Unexpected character '/'"),
        ("${a} = ", "ends too early"),
        ("(" * 500 + "1" + ")" * 500, "nested too deeply"),
    ],
)
def test_malformed_expressions_raise_plain_errors(source, message):
    with pytest.raises(ex.ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ex.parse(source)


def test_bad_regex_is_an_expression_error():
    with pytest.raises(ex.ExpressionError, match="Invalid regular expression"):
        run("regex('a', '[')")


# --- properties --------------------------------------------------------------------------------

_OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}


@st.composite
def arithmetic(draw, depth=0):
    """(XPath source, Python value) pairs of integer arithmetic with + - * and parentheses."""
    if depth >= 4 or draw(st.booleans()):
        number = draw(st.integers(min_value=0, max_value=1000))
        return str(number), number
    op = draw(st.sampled_from(sorted(_OPS)))
    left_source, left = draw(arithmetic(depth=depth + 1))
    right_source, right = draw(arithmetic(depth=depth + 1))
    return f"({left_source} {op} {right_source})", _OPS[op](left, right)


@settings(max_examples=300, deadline=None)
@given(arithmetic())
def test_arithmetic_agrees_with_python(pair):
    source, expected = pair
    assert run(source) == float(expected)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=-10_000, max_value=10_000),
    st.integers(min_value=-10_000, max_value=10_000).filter(lambda n: n != 0),
)
def test_div_and_mod_agree_with_python(a, b):
    assert run(f"{a} div {b}".replace("-", "- ")) == pytest.approx(a / b)
    # XPath's mod takes the sign of the dividend, like math.fmod.
    assert run(f"({a}) mod ({b})".replace("-", "- ")) == math.fmod(a, b)


@settings(max_examples=200, deadline=None)
@given(st.integers(-1000, 1000), st.integers(-1000, 1000), st.sampled_from(["<", "<=", ">", ">=", "=", "!="]))
def test_comparisons_agree_with_python(a, b, op):
    python = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "=": a == b, "!=": a != b}[op]
    assert run(f"${{a}} {op} ${{b}}", {"a": float(a), "b": str(b)}) is python


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("${}()'\"., +-*<>=!abdivmorn0123456789_ \n")), max_size=60))
def test_parser_never_crashes_uncontrolled(source):
    try:
        tree = ex.parse(source)
    except ex.ExpressionError:
        return
    # Whatever parses evaluates without an unexpected exception.
    with contextlib.suppress(ex.ExpressionError):
        ex.evaluate(tree, ex.Context({}, today=TODAY))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_parses_or_fails_cleanly(source):
    try:
        ex.parse(source)
    except ex.ExpressionError as exc:
        assert str(exc)


def test_normalize_space_whitespace_and_current_value():
    values = {"name": "\t Amina\n\n  Ali\r\n", "nbsp": "a\u00a0 b"}
    assert run("normalize-space(${name})", values) == "Amina Ali"
    assert run("normalize-space(${name}) = 'Amina Ali'", values) is True
    # Only XPath whitespace (space, tab, CR, LF) collapses; a no-break space is a character.
    assert run("normalize-space(${nbsp})", values) == "a\u00a0 b"
    # Without an argument: the current answer (as in a constraint).
    assert run("normalize-space() != ''", current="   ") is False
    assert run("string-length(normalize-space())", current=" ab  c ") == 4.0
    with pytest.raises(ex.ExpressionError):
        ex.parse("normalize-space('a', 'b')")


@given(st.text(alphabet=st.sampled_from(list(" \t\r\nab\u00a0")), max_size=40))
def test_normalize_space_property(text):
    result = run("normalize-space(${x})", {"x": text})
    words = [w for w in re.split(r"[ \t\r\n]+", text) if w]
    assert result == " ".join(words)
    assert not result.startswith(" ") and not result.endswith(" ") and "  " not in result
    assert not set(result) & set("\t\r\n")
