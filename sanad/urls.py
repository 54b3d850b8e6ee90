from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from sanad.core.views.auth import language_set
from sanad.core.views.health import healthz

urlpatterns = [
    path("", include("sanad.core.urls")),
    path("geo/", include("sanad.geo.urls")),
    path("dtm/", include("sanad.dtm.urls")),
    path("people/import/", include("sanad.registry.urls_import")),
    path("people/", include("sanad.registry.urls")),
    path("duplicates/", include("sanad.matching.urls")),
    path("assessments/", include("sanad.assessments.urls")),
    path("cases/", include("sanad.cases.urls")),
    path("referrals/", include("sanad.referrals.urls")),
    path("directory/", include("sanad.referrals.urls_public")),
    path("assistance/", include("sanad.assistance.urls")),
    path("helpline/", include("sanad.feedback.urls")),
    path("i18n/setlang/", language_set, name="set_language"),
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("api/v1/", include("sanad.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("django-admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

# The 500 page keeps the layout (navigation, a way home), or falls back to a static page.
handler500 = "sanad.core.views.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
