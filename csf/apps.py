from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CsfConfig(AppConfig):
    name = "csf"
    verbose_name = _("Critical success factors")
