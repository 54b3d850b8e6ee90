"""Partners outside Sanad: a signed, expiring link per referral, and the e-mail that carries it.

The e-mail holds the referral reference and the link only — never personal data. The link
names one referral and one ``link_version``; cancelling or expiring the referral bumps the
version, which revokes every link issued before.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sanad.core.selectors.lookup import get_by_uuid
from sanad.referrals.models import Referral
from sanad.referrals.services.policy import link_max_age

SALT = "sanad.referrals.external-link"


class LinkExpired(Exception):
    pass


def referral_link_token(*, referral: Referral) -> str:
    return signing.dumps({"r": str(referral.uuid), "v": referral.link_version}, salt=SALT, compress=True)


def referral_link_path(*, referral: Referral) -> str:
    return reverse("referrals_public:external", args=[referral_link_token(referral=referral)])


def referral_from_token(token: str) -> Referral:
    """The referral a link names. A tampered or revoked link is a 404; an old one LinkExpired."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=link_max_age())
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature as exc:
        raise Http404 from exc
    if not isinstance(payload, dict):
        raise Http404
    referral = get_by_uuid(
        Referral.objects.select_related("service__provider", "sending_agency", "service__admin_unit").filter(
            is_external=True
        ),
        payload.get("r"),
    )
    if referral is None or referral.link_version != payload.get("v"):
        raise Http404
    return referral


def referral_email_partner(*, referral: Referral) -> None:
    """Send the partner the link (after the transaction commits), in English and Arabic whatever
    the sender's language: the partner outside Sanad reads it, as they read the bilingual form."""
    base = getattr(settings, "SANAD_BASE_URL", "") or ""
    link = f"{base.rstrip('/')}{referral_link_path(referral=referral)}"
    agency = referral.sending_agency
    values = {"reference": referral.reference, "link": link, "days": link_max_age().days}
    subjects, bodies = [], []
    for language, agency_name in (("en", agency.name_en), ("ar", agency.name_ar or agency.name_en)):
        with translation.override(language):
            subjects.append(
                _("Referral %(reference)s from %(agency)s")
                % {"reference": referral.reference, "agency": agency_name}
            )
            bodies.append(
                _(
                    "A person has been referred to your service with reference %(reference)s.\n\n"
                    "Open this link to see the referral, confirm that you received it, accept or decline it "
                    "and report the outcome:\n%(link)s\n\n"
                    "The link works for %(days)s days. This message holds no personal data on purpose."
                )
                % values
            )
    subject = " / ".join(subjects)
    body = "\n\n----\n\n".join(bodies)
    recipient = referral.external_contact_email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]))
