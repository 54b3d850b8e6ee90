from django.views.generic import TemplateView

from sanad.core.permissions import ROLES
from sanad.core.selectors.organisation import memberships_of


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["roles"] = [ROLES[code] for code in sorted(user.role_codes) if code in ROLES]
        context["memberships"] = memberships_of(user=user)
        return context
