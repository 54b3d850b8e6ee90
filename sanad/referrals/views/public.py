"""Pages open without an account: the public service directory (active services only, no
personal data, staff contacts only when marked public) and the external partner's referral
page reached through a signed link."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.errors import DomainError
from sanad.core.lists import page_of
from sanad.referrals.filters import DirectoryFilterSet
from sanad.referrals.forms import ExternalAnswerForm
from sanad.referrals.models import Referral
from sanad.referrals.selectors import (
    directory_baladiya_centroids,
    referral_service_get,
    referral_service_list,
)
from sanad.referrals.services import (
    referral_accept,
    referral_complete,
    referral_decline,
    referral_receive,
    referral_start_service,
)
from sanad.referrals.services.external import LinkExpired, referral_from_token
from sanad.referrals.views.directory import LIBYA_BOUNDS
from sanad.referrals.views.page_parts import baladiya_centroids_url, map_feature


def _public_services(request):
    """The public directory's search: the form to draw and the services it finds."""
    filterset = DirectoryFilterSet(request.GET or None)
    try:
        services = referral_service_list(data=request.GET, public=True)
    except ValidationError:
        services = referral_service_list(public=True).none()
    return filterset.form, services


@method_decorator(login_not_required, name="dispatch")
class PublicDirectoryView(View):
    def get(self, request):
        form, services = _public_services(request)
        return render(
            request,
            "referrals/public_directory.html",
            {
                "form": form,
                "page_obj": page_of(request, services),
                "map_config": {
                    "bounds": LIBYA_BOUNDS,
                    "dataUrl": reverse("referrals_public:map_data") + "?" + request.GET.urlencode(),
                    "centroidsUrl": baladiya_centroids_url(),
                    "loadError": _("The map could not be loaded."),
                },
            },
        )


@method_decorator(login_not_required, name="dispatch")
class PublicMapDataView(View):
    def get(self, request):
        _form, services = _public_services(request)
        features = [
            f
            for f in (
                map_feature(s, url=reverse("referrals_public:service", args=[s.uuid]), public=True)
                for s in services[:500]
            )
            if f is not None
        ]
        return JsonResponse({"type": "FeatureCollection", "features": features})


@method_decorator(login_not_required, name="dispatch")
class PublicBaladiyaCentroidsView(View):
    """Baladiya centres as GeoJSON for the directory maps: published reference data (P-code,
    name, DTM centroid), the same for everybody, so it is served without sign-in and cached."""

    def get(self, request):
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(unit.longitude), float(unit.latitude)]},
                "properties": {"name": unit.name, "pcode": unit.pcode},
            }
            for unit in directory_baladiya_centroids()
        ]
        response = JsonResponse({"type": "FeatureCollection", "features": features})
        response["Cache-Control"] = "public, max-age=3600"
        return response


@method_decorator(login_not_required, name="dispatch")
class PublicServiceView(View):
    def get(self, request, uuid):
        service = referral_service_get(uuid=uuid, public=True)
        return render(request, "referrals/public_service.html", {"service": service})


EXTERNAL_ACTIONS = {
    "receive": lambda r, name, text: referral_receive(actor=None, referral=r, external_name=name),
    "accept": lambda r, name, text: referral_accept(actor=None, referral=r, note=text, external_name=name),
    "decline": lambda r, name, text: referral_decline(
        actor=None, referral=r, reason=text, external_name=name
    ),
    "start": lambda r, name, text: referral_start_service(
        actor=None, referral=r, note=text, external_name=name
    ),
    "complete": lambda r, name, text: referral_complete(
        actor=None, referral=r, outcome=text, external_name=name
    ),
}


@method_decorator(login_not_required, name="dispatch")
class ExternalReferralView(View):
    """A partner outside Sanad opens the referral from the link in their e-mail."""

    def _referral(self, token):
        try:
            return referral_from_token(token), None
        except LinkExpired:
            return None, "expired"

    def _render(self, request, referral, form=None, status=200):
        S = Referral.Status
        response = render(
            request,
            "referrals/external.html",
            {
                "referral": referral,
                "shared": referral.shared_snapshot,
                "form": form or ExternalAnswerForm(),
                "can_receive": referral.status == S.SENT,
                "can_answer": referral.status in (S.SENT, S.RECEIVED),
                "can_start": referral.status == S.ACCEPTED,
                "can_complete": referral.status in (S.ACCEPTED, S.SERVICE_STARTED),
            },
            status=status,
        )
        response["Referrer-Policy"] = "no-referrer"
        response["Cache-Control"] = "no-store"
        return response

    def get(self, request, token):
        referral, problem = self._referral(token)
        if problem:
            return render(request, "referrals/external_expired.html", status=410)
        return self._render(request, referral)

    def post(self, request, token):
        referral, problem = self._referral(token)
        if problem:
            return render(request, "referrals/external_expired.html", status=410)
        form = ExternalAnswerForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            try:
                referral = EXTERNAL_ACTIONS[action](
                    referral, form.cleaned_data["name"], form.cleaned_data["text"]
                )
            except ValidationError as exc:
                form.add_error("text", exc.messages)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return self._render(
                    request, referral, form=ExternalAnswerForm(initial={"name": form.cleaned_data["name"]})
                )
        return self._render(request, referral, form=form, status=400)
