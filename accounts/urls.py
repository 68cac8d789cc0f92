"""The accounts' pages, under /fr/espace/compte/ (paths in French, translated in the
English catalogue like every other path)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .views import auth, people, requests, sign_up

app_name = "accounts"

urlpatterns = [
    path("", auth.profile, name="profile"),
    path(_("connexion/"), auth.SignInView.as_view(), name="sign_in"),
    path(_("deconnexion/"), auth.SignOutView.as_view(), name="sign_out"),
    path(_("mot-de-passe/"), auth.PasswordChangeView.as_view(), name="password_change"),
    path(_("mot-de-passe/oublie/"), auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        _("mot-de-passe/oublie/envoye/"),
        auth.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        _("mot-de-passe/nouveau/<uidb64>/<token>/"),
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        _("mot-de-passe/nouveau/enregistre/"),
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(_("adresse/"), auth.email_change, name="email_change"),
    path(_("adresse/confirmer/<str:token>/"), auth.email_confirm, name="email_confirm"),
    path(_("demande/"), sign_up.sign_up, name="sign_up"),
    path(_("demande/etape-<int:step>/"), sign_up.sign_up_step, name="sign_up_step"),
    path(_("demande/envoyee/"), sign_up.sign_up_sent, name="sign_up_sent"),
    path(
        _("demande/collectivites.json"),
        people.authority_suggestions,
        name="authority_suggestions",
    ),
    path(_("demandes/"), requests.RequestListView.as_view(), name="requests"),
    path(_("demandes/<int:pk>/"), requests.RequestView.as_view(), name="request"),
    path(_("inviter/"), requests.InviteView.as_view(), name="invite"),
    path(_("collectivites-et-ambassades/"), people.scopes, name="scopes"),
    path(_("collectivites/<int:pk>/"), people.AuthorityPage.as_view(), name="authority"),
    path(_("personnes/<int:pk>/"), people.PersonEdit.as_view(), name="person_edit"),
    path(_("personnes/<int:pk>/retirer/"), people.PersonDelete.as_view(), name="person_delete"),
    path(_("ambassades/<int:pk>/"), people.EmbassyPage.as_view(), name="embassy"),
    path(_("contacts/<int:pk>/"), people.EmbassyContactEdit.as_view(), name="contact_edit"),
    path(
        _("contacts/<int:pk>/retirer/"),
        people.EmbassyContactDelete.as_view(),
        name="contact_delete",
    ),
]
