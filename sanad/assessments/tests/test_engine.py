"""Reading XLSForms and evaluating answers: relevance, constraints, required, repeats, calculations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanad.assessments.evaluation import evaluate
from sanad.assessments.webform import answers_from_post, build_items, with_repeat_change
from sanad.assessments.xlsform import DefinitionError, InstrumentDefinition, load_definition

FORMS = Path(__file__).parent / "forms"
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def definition() -> InstrumentDefinition:
    return load_definition(FORMS / "engine_test.md", filename="engine_test.md")


def base_answers(**changes) -> dict:
    answers = {
        "full_name": "Amina",
        "age": "30",
        "sex": "f",
        "pregnant": "no",
        "detained": "no",
        "hh_size": "1",
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def test_reads_the_form(definition):
    assert definition.form_id == "engine_test"
    assert definition.version == "2026.1"
    assert definition.languages == ["ar", "en", "fr"]
    age = definition.field("age")
    assert age["kind"] == "integer" and age["required"] is True
    assert age["constraint_ast"][0] == "op"
    assert definition.text(age["label"], "ar") == "العمر"
    assert definition.text(age["label"], "fr") == "Âge"
    # A language the form lacks falls back to the default language.
    assert definition.text(age["hint"], "ar") == "In years"
    assert definition.field("child_age")["_repeats"] == ["children"]
    assert definition.band_label("severe", "ar") == "شديد"
    assert definition.choice_label("needs", "nfi", "fr") == "Articles non alimentaires"


def test_json_round_trip_keeps_everything(definition):
    again = InstrumentDefinition.from_json(definition.to_json())
    assert again.to_json() == definition.to_json()
    answers = base_answers(detained="yes")
    assert evaluate(again, answers, today=TODAY).result == evaluate(definition, answers, today=TODAY).result


def test_valid_answers_score(definition):
    answers = base_answers(
        age="15",
        pregnant="yes",
        needs=["food", "other"],
        needs_other="cooking gas",
        hh_size="3",
        children=[{"child_age": "2"}, {"child_age": "7", "child_school": "yes"}],
        visit_date="2026-01-01",
        weight="50.5",
    )
    evaluation = evaluate(definition, answers, today=TODAY)
    assert evaluation.errors == {}
    assert evaluation.answers["age"] == 15
    assert evaluation.answers["weight"] == 50.5
    assert evaluation.answers["needs"] == ["food", "other"]
    assert evaluation.answers["children"] == [{"child_age": 2}, {"child_age": 7, "child_school": "yes"}]
    assert evaluation.values["under5_count"] == 1
    assert evaluation.values["children_count"] == 2
    assert evaluation.values["children"] == [{"child_under5": 1}, {"child_under5": 0}]
    result = evaluation.result
    assert result.score == Decimal("3")
    assert result.scores == {"score_detention": Decimal("0"), "score_needs": Decimal("2")}
    assert result.band == "moderate"
    assert result.priority == "medium"
    assert result.flags == ["pregnant_lactating"]
    assert result.suggested_referrals == ["health_srh"]
    assert result.suggested_assistance == ["food"]
    assert result.safety_alert is False


def test_relevance_hides_and_ignores_answers(definition):
    # A man is not asked about pregnancy: the answer given anyway is ignored, not stored.
    evaluation = evaluate(definition, base_answers(sex="m", pregnant="yes"), today=TODAY)
    assert evaluation.relevant["pregnant"] is False
    assert "pregnant" not in evaluation.answers
    assert evaluation.result.flags == []
    # Not required either when not relevant.
    evaluation = evaluate(definition, base_answers(sex="m", pregnant=None), today=TODAY)
    assert evaluation.errors == {}


def test_group_relevance_applies_to_children_and_repeats(definition):
    answers = base_answers(detained="yes", hh_size="abc", children=[{"child_age": "40"}])
    evaluation = evaluate(definition, answers, today=TODAY)
    assert evaluation.relevant["household"] is False
    assert evaluation.relevant["hh_size"] is False
    assert evaluation.relevant["children"] is False
    # Type and constraint errors of questions that are not relevant are ignored too.
    assert evaluation.errors == {}
    assert "hh_size" not in evaluation.answers and "children" not in evaluation.answers
    assert evaluation.result.flags == ["detained"]


def test_required_with_translated_message(definition):
    evaluation = evaluate(definition, base_answers(full_name=None, sex=None), today=TODAY, language="ar")
    assert evaluation.errors["full_name"] == ["اكتب الاسم"]
    assert evaluation.errors["sex"]  # the generic message
    assert not evaluation.is_valid
    english = evaluate(definition, base_answers(full_name=None), today=TODAY, language="en")
    assert english.errors["full_name"] == ["Give the name"]


def test_required_when_relevant(definition):
    evaluation = evaluate(definition, base_answers(needs=["other"]), today=TODAY)
    assert "needs_other" in evaluation.errors
    assert evaluate(definition, base_answers(needs=["food"]), today=TODAY).errors == {}


def test_constraints_with_messages(definition):
    evaluation = evaluate(
        definition,
        base_answers(age="130", visit_date="2027-01-01", weight="0", hh_size="0"),
        today=TODAY,
        language="ar",
    )
    assert evaluation.errors["age"] == ["يجب أن يكون العمر بين 0 و120"]
    assert evaluation.errors["visit_date"] == ["ليس في المستقبل"]
    assert evaluation.errors["weight"] == ["Between 0 and 300 kg"]  # no Arabic message: English
    assert evaluation.errors["hh_size"] == ["At least 1"]


def test_type_errors(definition):
    evaluation = evaluate(
        definition,
        base_answers(age="3.5", sex="x", needs=["food", "cash"], visit_date="21/11/2026", weight="abc"),
        today=TODAY,
    )
    assert set(evaluation.errors) == {"age", "sex", "needs", "visit_date", "weight"}
    assert "cash" in evaluation.errors["needs"][0]


def test_unknown_and_computed_names_are_errors(definition):
    evaluation = evaluate(definition, base_answers(nonsense="1", score="99"), today=TODAY)
    assert "nonsense" in evaluation.errors
    assert "score" in evaluation.errors


def test_repeat_rows_validated_with_paths(definition):
    answers = base_answers(hh_size="4", children=[{"child_age": "3"}, {"child_age": "19"}, {}])
    evaluation = evaluate(definition, answers, today=TODAY, language="en")
    assert set(evaluation.errors) == {"children.1.child_age", "children.2.child_age"}
    assert evaluation.errors["children.1.child_age"] == ["Under 18"]
    assert evaluation.errors["children.2.child_age"] == ["This question is required."]
    assert evaluation.relevant["children.0.child_school"] is False
    assert evaluation.relevant["children.1.child_school"] is True


def test_arabic_digits_are_numbers(definition):
    evaluation = evaluate(definition, base_answers(age="٣٠"), today=TODAY)
    assert evaluation.errors == {}
    assert evaluation.answers["age"] == 30


def test_safety_alert_and_flags(definition):
    evaluation = evaluate(definition, base_answers(age="16", detained="yes"), today=TODAY)
    assert evaluation.result.safety_alert is True
    assert evaluation.result.priority == "medium"


@settings(max_examples=60, deadline=None)
@given(
    age=st.integers(0, 120),
    detained=st.sampled_from(["yes", "no"]),
    needs=st.lists(st.sampled_from(["food", "nfi"]), unique=True),
)
def test_score_is_the_sum_of_its_parts(definition, age, detained, needs):
    evaluation = evaluate(
        definition, base_answers(age=str(age), detained=detained, needs=needs, sex="m"), today=TODAY
    )
    assert evaluation.errors == {}
    expected = (3 if detained == "yes" else 0) + len(needs)
    assert evaluation.result.score == Decimal(expected)
    assert evaluation.result.priority == ("high" if expected >= 5 else "medium" if expected >= 2 else "low")
    assert evaluation.result.safety_alert is (detained == "yes" and age < 18)


# --- loading errors ----------------------------------------------------------------------------

SURVEY_HEAD = "| survey |\n| | type | name | label | relevant | constraint | calculation |\n"
SETTINGS = "\n| settings |\n| | form_id | version |\n| | bad_form | 1 |\n"


def md(rows: str, choices: str = "", settings_block: str = SETTINGS) -> bytes:
    return (SURVEY_HEAD + rows + choices + settings_block).encode()


def test_malformed_expression_names_the_row():
    source = md("| | integer | age | Age | | . >= 0 and | |\n| | integer | b | B | ${age} >>> 2 | | |\n")
    with pytest.raises(DefinitionError) as info:
        load_definition(source, filename="bad.md")
    errors = " ".join(info.value.errors)
    assert "Row 2 (age): constraint" in errors
    assert "Row 3 (b): relevant" in errors


def test_unknown_reference_is_refused_by_pyxform():
    with pytest.raises(DefinitionError, match="missing"):
        load_definition(md("| | integer | age | Age | ${missing} > 1 | | |\n"), filename="bad.md")


def test_unsupported_type_is_refused():
    with pytest.raises(DefinitionError, match="geopoint"):
        load_definition(md("| | geopoint | where | Where | | | |\n"), filename="bad.md")


def test_result_names_must_be_calculates():
    with pytest.raises(DefinitionError, match="score is a Sanad result name"):
        load_definition(md("| | integer | score | Score | | | |\n"), filename="bad.md")


def test_band_needs_its_choice_list():
    with pytest.raises(DefinitionError, match="sanad_bands"):
        load_definition(md("| | calculate | band | | | | 'x' |\n"), filename="bad.md")


def test_version_is_required():
    settings_block = "\n| settings |\n| | form_id |\n| | bad_form |\n"
    with pytest.raises(DefinitionError, match="version"):
        load_definition(
            md("| | integer | age | Age | | | |\n", settings_block=settings_block), filename="bad.md"
        )


def test_not_an_xlsform():
    with pytest.raises(DefinitionError):
        load_definition(b"\x00\x01 not a workbook", filename="form.xlsx")
    with pytest.raises(DefinitionError, match=".xlsx, .xls or .md"):
        load_definition(b"hello", filename="form.pdf")


def test_reads_xlsx(tmp_path):
    workbook = openpyxl.Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(["type", "name", "label::English (en)", "label::Arabic (ar)", "calculation"])
    survey.append(["integer", "q1", "Q1", "س1", ""])
    survey.append(["calculate", "score", "", "", "${q1} * 2"])
    settings_sheet = workbook.create_sheet("settings")
    settings_sheet.append(["form_id", "version"])
    settings_sheet.append(["xlsx_form", "3"])
    buffer = BytesIO()
    workbook.save(buffer)
    loaded = load_definition(BytesIO(buffer.getvalue()), filename="x.xlsx")
    assert loaded.form_id == "xlsx_form" and loaded.version == "3"
    assert evaluate(loaded, {"q1": 4}).result.score == Decimal(8)


# --- web form ----------------------------------------------------------------------------------


class FakePost(dict):
    def getlist(self, key):
        value = self.get(key, [])
        return value if isinstance(value, list) else [value]


def test_post_round_trip(definition):
    post = FakePost(
        {
            "q-full_name": "Amina",
            "q-age": "15",
            "q-needs": ["food", "nfi"],
            "n-children": "2",
            "q-children.0.child_age": "3",
            "q-children.1.child_age": "8",
            "q-children.1.child_school": "no",
        }
    )
    answers = answers_from_post(definition, post)
    assert answers == {
        "full_name": "Amina",
        "age": "15",
        "needs": ["food", "nfi"],
        "children": [{"child_age": "3"}, {"child_age": "8", "child_school": "no"}],
    }
    evaluation = evaluate(definition, answers, today=TODAY)
    items = build_items(
        definition,
        answers=answers,
        errors=evaluation.errors,
        relevant=evaluation.relevant,
        values=evaluation.values,
        language="ar",
    )
    by_name = {item.name: item for item in items}
    assert by_name["age"].label == "العمر" and by_name["age"].value == "15"
    assert by_name["needs"].values == ["food", "nfi"]
    assert by_name["sex"].errors  # required, not answered
    assert by_name["summary"].template == "المجموع: ${score}"
    household = by_name["household"]
    assert [child.name for child in household.children] == ["hh_size"]
    children = by_name["children"]
    assert len(children.rows) == 2 and children.rows[1][0].value == "8"


def test_repeat_add_and_remove(definition):
    answers = {"children": [{"child_age": "1"}, {"child_age": "2"}]}
    assert len(with_repeat_change(answers, definition, "add", "children")["children"]) == 3
    after = with_repeat_change(answers, definition, "remove", "children.0")
    assert after["children"][0] == {"child_age": "2"}
    # Nonsense targets change nothing.
    assert with_repeat_change({"a": 1}, definition, "add", "age") == {"a": 1}
    assert with_repeat_change({"a": 1}, definition, "remove", "children.x") == {"a": 1}


def test_client_logic_serialises_asts(definition):
    logic = definition.client_logic()
    assert logic["pregnant"]["relevant"][0] == "op"
    assert logic["children"]["parents"] == []
    assert logic["hh_size"]["parents"] == ["household"]
    assert logic["score"]["calculation"]


_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            ["age", "sex", "needs", "children", "weight", "visit_date", "score", "junk", "household"]
        ),
        _VALUES,
        max_size=6,
    )
)
def test_any_answers_give_errors_not_crashes(definition, raw):
    """Whatever a client sends, evaluation answers with per-field errors, never an exception."""
    evaluation = evaluate(definition, raw, today=TODAY)
    assert isinstance(evaluation.errors, dict)
    for path, messages in evaluation.errors.items():
        assert isinstance(path, str) and messages and all(isinstance(m, str) for m in messages)
