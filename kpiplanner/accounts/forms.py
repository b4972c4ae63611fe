"""Forms of the members page, the invitation and the account page."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import Role


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PARTICIPANT)
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=settings.LANGUAGES,
        help_text=_("Someone who already has an account gets it in their own language."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class AcceptForm(UserCreationForm):
    """A new account for the invited address: a username, a name and a password."""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("first_name", "last_name", "username")

    def __init__(self, *args, email: str, **kwargs):
        kwargs.setdefault("instance", get_user_model()(email=email))
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["username"].help_text = _(
            "You log in with this name. Letters, digits and @ . + - _ only."
        )
        # Worded as on the password reset page ("Nieuw wachtwoord bevestigen").
        self.fields["password2"].label = _("Confirm password")

    def account(self) -> dict:
        data = self.cleaned_data
        return {
            "username": data["username"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "password": data["password1"],
        }


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class NotificationsForm(forms.Form):
    email_notifications = forms.BooleanField(
        label=_("E-mail me what waits for me"),
        required=False,
        help_text=_(
            "At most one e-mail an hour: KPIs waiting for your review, a KPI you proposed "
            "rejected (with the reason), a KPI set approved."
        ),
    )


class SignOutOthersForm(forms.Form):
    """Signing out every other session asks for the password, as a password change does."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="password_incorrect")
        return password
