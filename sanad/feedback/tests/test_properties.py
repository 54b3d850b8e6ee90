"""Properties of the SLA defaults and of small-number suppression (hypothesis)."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from sanad.feedback.dashboard import SMALL, suppress
from sanad.feedback.models import Category, Priority
from sanad.feedback.sla import sla_for

ORDER = [Priority.CRITICAL, Priority.HIGH, Priority.MEDIUM, Priority.LOW]


@given(st.integers(min_value=0, max_value=10**7))
def test_suppression_never_reveals_a_small_count(count):
    shown = suppress(count)
    if 0 < count < SMALL:
        assert shown == "<5"
    else:
        assert shown == str(count)


@given(st.sampled_from(list(Category)))
def test_more_urgent_is_never_slower(category):
    slas = [sla_for(category=category, priority=p, rules=[]) for p in ORDER]
    for faster, slower in zip(slas, slas[1:], strict=False):
        assert faster.resolve <= slower.resolve
        assert faster.acknowledge <= slower.acknowledge
    assert slas[0].acknowledge <= datetime.timedelta(hours=1)  # critical: within the hour
    for sla in slas:
        assert sla.acknowledge <= sla.resolve
