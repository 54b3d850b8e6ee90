from django.utils.translation import get_language_bidi

from sanad.core.navigation import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    nav = nav_for(user, request.path) if user is not None and user.is_authenticated else []
    return {"nav_sections": nav, "is_rtl": get_language_bidi()}
