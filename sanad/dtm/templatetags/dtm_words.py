"""``{{ value|dtm_need }}``, ``{{ value|dtm_problem }}``: a published DTM need or problem in the
reader's language (see sanad.dtm.vocabulary)."""

from django import template

from sanad.dtm.vocabulary import need_label, problem_label

register = template.Library()
register.filter("dtm_need", need_label)
register.filter("dtm_problem", problem_label)
