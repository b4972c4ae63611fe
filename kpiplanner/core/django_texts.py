"""Django's own texts that our Dutch catalogue words differently.

Django's Dutch catalogue addresses the user formally ("Uw wachtwoord…"); KPI Planner says "je"
everywhere. Listing the msgids here lets makemessages put them in locale/nl, and LOCALE_PATHS
gives that catalogue precedence over Django's. Nothing imports this module: makemessages only
reads it.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

OVERRIDDEN = (
    # django.contrib.auth.forms.PasswordChangeForm
    _("Your old password was entered incorrectly. Please enter it again."),
    # django.contrib.auth.password_validation: the help texts under a new password
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
    ),
    _("Your password can’t be too similar to your other personal information."),
    _("Your password can’t be a commonly used password."),
    _("Your password can’t be entirely numeric."),
    # django.contrib.auth.password_validation: the error (Django 5.2's Dutch has only an older
    # wording of this message, so it showed in English)
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
)
