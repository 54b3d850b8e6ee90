"""The project's URLs plus one view that fails, for the tests of the 500 page."""

from django.urls import path

import sanad.urls


def failing_view(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("test-failure/", failing_view), *sanad.urls.urlpatterns]
handler500 = getattr(sanad.urls, "handler500", None)
