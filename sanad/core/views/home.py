from django.views.generic import TemplateView

from sanad.core.permissions import ROLES


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["roles"] = [ROLES[code] for code in sorted(user.role_codes) if code in ROLES]
        context["memberships"] = user.memberships.select_related("team", "team__unit")
        return context
