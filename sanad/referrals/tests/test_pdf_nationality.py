"""The bilingual referral form names the person's nationality in both of its languages."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

ARABIC_MARKS = re.compile("[\u064b-\u0652]")  # short vowels and shadda: optional in writing


def test_pdf_names_the_nationality_in_english_and_arabic(send):
    from sanad.referrals.pdf import referral_pdf_html

    referral = send(shared_fields=["nationality"])
    assert referral.shared_snapshot["nationality"] == "SDN"
    html = ARABIC_MARKS.sub("", referral_pdf_html(referral=referral))
    # Sudan's short names in the UN terminology database (UNTERM), English and Arabic.
    assert '<td class="en">Sudan</td>' in html
    assert '<td class="ar" lang="ar">السودان</td>' in html
