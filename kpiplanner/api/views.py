"""The member's own API tokens: make one (its secret shown once), see them, revoke one.

Any signed-in member may, for themselves only: a token acts with their own role, in the
organisation they work in when they make it. Someone else's token is not found (404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from . import services
from .forms import TokenForm
from .models import ApiToken

# A member with more live tokens than this revokes one before making another.
MAX_ACTIVE_TOKENS = 20

TEMPLATE = "api/tokens.html"


def _tokens(request: HttpRequest) -> list[ApiToken]:
    return list(
        ApiToken.objects.filter(membership__user=request.user).select_related(
            "membership__organisation"
        )
    )


def _page(request, *, form, secret="", made=None, status=200) -> HttpResponse:
    context = {
        "form": form,
        "tokens": _tokens(request),
        "secret": secret,
        "made": made,
        "membership": request.membership,
        "api_docs": reverse("api:openapi-view"),
    }
    template = TEMPLATE + "#token-panel" if request.htmx else TEMPLATE
    return render(request, template, context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def token_list(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, form=TokenForm())
    membership = request.membership
    if membership is None:
        raise Http404
    form = TokenForm(request.POST)
    if form.is_valid():
        if ApiToken.objects.active().filter(membership__user=request.user).count() >= (
            MAX_ACTIVE_TOKENS
        ):
            form.add_error(
                None,
                _("You have %(count)d tokens in use: revoke one you no longer need first.")
                % {"count": MAX_ACTIVE_TOKENS},
            )
        else:
            token, secret = services.token_create(
                membership=membership, name=form.cleaned_data["name"]
            )
            # Shown on this answer only: nothing keeps the secret, so there is no redirect.
            return _page(request, form=TokenForm(), secret=secret, made=token, status=201)
    return _page(request, form=form)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, membership__user=request.user)
    services.token_revoke(token=token)
    if request.htmx:
        return _page(request, form=TokenForm())
    messages.success(request, _("Token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("tokens:list")
