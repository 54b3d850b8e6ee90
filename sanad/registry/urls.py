from django.urls import path

from sanad.registry.views import contacts, households, people, register

app_name = "registry"

urlpatterns = [
    path("", people.PersonListView.as_view(), name="person_list"),
    path("register/", register.PersonRegisterView.as_view(), name="person_register"),
    path("register/check/", register.PersonCheckView.as_view(), name="person_check"),
    path("<uuid:uuid>/", people.PersonDetailView.as_view(), name="person_detail"),
    path("<uuid:uuid>/edit/", people.PersonEditView.as_view(), name="person_edit"),
    path("<uuid:uuid>/consent/", people.ConsentRecordView.as_view(), name="consent_record"),
    path(
        "<uuid:uuid>/consent/<uuid:consent_uuid>/withdraw/",
        people.ConsentWithdrawView.as_view(),
        name="consent_withdraw",
    ),
    path("<uuid:uuid>/phones/add/", contacts.PersonPhoneAddView.as_view(), name="person_phone_add"),
    path("<uuid:uuid>/phones/remove/", contacts.PersonPhoneRemoveView.as_view(), name="person_phone_remove"),
    path("<uuid:uuid>/documents/add/", contacts.PersonDocumentAddView.as_view(), name="person_document_add"),
    path(
        "<uuid:uuid>/documents/remove/",
        contacts.PersonDocumentRemoveView.as_view(),
        name="person_document_remove",
    ),
    path("households/<uuid:uuid>/", households.HouseholdDetailView.as_view(), name="household_detail"),
    path(
        "households/<uuid:uuid>/members/search/",
        households.HouseholdMemberSearchView.as_view(),
        name="household_member_search",
    ),
    path(
        "households/<uuid:uuid>/members/add/",
        households.HouseholdMemberAddView.as_view(),
        name="household_member_add",
    ),
    path(
        "households/<uuid:uuid>/members/<uuid:person_uuid>/remove/",
        households.HouseholdMemberRemoveView.as_view(),
        name="household_member_remove",
    ),
    path(
        "households/<uuid:uuid>/members/<uuid:person_uuid>/relationship/",
        households.HouseholdMemberRelationshipView.as_view(),
        name="household_member_relationship",
    ),
]
