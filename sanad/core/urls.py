from django.urls import path

from sanad.core.views import audit, auth, home, jobs, organisation, users, work

app_name = "core"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    *auth.urlpatterns,
    *users.urlpatterns,
    *organisation.urlpatterns,
    *audit.urlpatterns,
    *jobs.urlpatterns,
    path("work/", work.MyWorkView.as_view(), name="my_work"),
]
