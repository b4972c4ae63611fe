from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("language/", views.account_language, name="language"),
    path("notifications/", views.account_notifications, name="notifications"),
    path("sessions/sign-out-others/", views.sign_out_others, name="sign_out_others"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url="/accounts/password/done/",
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("organisation/", views.switch_organisation, name="switch_organisation"),
]
