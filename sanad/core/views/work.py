"""My work: what the signed-in user has to do, from every module, overdue first."""

from __future__ import annotations

from django.views.generic import TemplateView

from sanad.core.views.base import ActionRequiredMixin
from sanad.core.work import work_items_for


class MyWorkView(ActionRequiredMixin, TemplateView):
    required_action = "work.view"
    template_name = "core/work/my_work.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = work_items_for(self.request.user)
        kinds: dict[str, str] = {}
        for item in items:
            kinds.setdefault(item.kind, item.kind_label)
        selected = self.request.GET.get("kind", "")
        if selected in kinds:
            items = [item for item in items if item.kind == selected]
        context.update(
            items=items,
            kinds=sorted(kinds.items(), key=lambda pair: str(pair[1])),
            selected_kind=selected,
            overdue_count=sum(1 for item in items if item.overdue),
        )
        return context
