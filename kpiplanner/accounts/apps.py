from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kpiplanner.accounts"
    label = "accounts"
    verbose_name = _("Organisations and members")

    def ready(self):
        from . import security  # noqa: F401  (connects the login signals to the security log)
