"""Person pages. Thin: parse, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation
from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import actor_for, grant_for, organisation_ids_with
from putokaz.cases import selectors, services
from putokaz.cases.forms import PersonForm
from putokaz.core.panels import panels_for

PAGE_SIZE = 50


def _access_or_404(request: HttpRequest, code: str) -> selectors.PersonAccess:
    try:
        return selectors.person_get_for_user(user=request.user, code=code)
    except selectors.PersonNotFound:
        raise Http404 from None


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    if not organisation_ids_with(request.user, capability=Capability.PERSON_LIST):
        raise PermissionDenied
    persons = selectors.person_list_for_user(user=request.user)
    page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    can_create = grant_for(request.user, capability=Capability.PERSON_CREATE) is not None
    return render(request, "cases/person_list.html", {"page": page, "can_create": can_create})


@login_required
def person_detail(request: HttpRequest, code: str) -> HttpResponse:
    access = _access_or_404(request, code)
    personal = selectors.person_read_personal(
        user=request.user, access=access, purpose="view person page"
    )
    cases = selectors.case_list_for_user(user=request.user).filter(person=access.person)
    can_open = (
        grant_for(
            request.user,
            capability=Capability.CASE_OPEN,
            organisation_id=access.person.organisation_id,
        )
        is not None
        and not access.person.is_erased
    )
    return render(
        request,
        "cases/person_detail.html",
        {
            "access": access,
            "person": access.person,
            "personal": personal,
            "cases": cases,
            "can_open_case": can_open,
            "panels": panels_for("person", request, access),
        },
    )


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    org_ids = organisation_ids_with(request.user, capability=Capability.PERSON_CREATE)
    if not org_ids:
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = Organisation.objects.get(pk=org_ids[0])
        grant = grant_for(
            request.user, capability=Capability.PERSON_CREATE, organisation_id=organisation.pk
        )
        person = services.person_create(
            actor=actor_for(request.user, grant),
            organisation=organisation,
            data=_input(form.cleaned_data),
        )
        messages.success(request, _("Person %(code)s registered.") % {"code": person.code})
        return redirect("cases:person_detail", code=person.code)
    return render(request, "cases/person_form.html", {"form": form, "creating": True})


@login_required
def person_edit(request: HttpRequest, code: str) -> HttpResponse:
    access = _access_or_404(request, code)
    if not access.can_edit:
        raise PermissionDenied
    person = access.person
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            try:
                services.person_update(
                    actor=actor_for(request.user, access.grant),
                    person=person,
                    data=_input(form.cleaned_data),
                    expected_version=form.cleaned_data.get("version") or 0,
                )
            except services.StaleEdit:
                form.add_error(
                    None,
                    _(
                        "Someone else changed this person while you were editing. "
                        "Your changes were not saved: copy them, reload the page and try again."
                    ),
                )
            else:
                messages.success(request, _("Changes saved."))
                return redirect("cases:person_detail", code=person.code)
    else:
        personal = selectors.person_read_personal(
            user=request.user, access=access, purpose="edit person"
        )
        form = PersonForm(
            initial={
                **(personal.__dict__ if personal else {}),
                "sex": person.sex,
                "nationality": person.nationality,
                "version": person.version,
            }
        )
    return render(
        request, "cases/person_form.html", {"form": form, "person": person, "creating": False}
    )


def _input(data: dict[str, object]) -> services.PersonInput:
    return services.PersonInput(
        **{
            name: str(data.get(name) or "")
            for name in (
                "given_name",
                "family_name",
                "given_name_original",
                "family_name_original",
                "date_of_birth",
                "sex",
                "nationality",
            )
        }
    )
