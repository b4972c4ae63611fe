from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


class TokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        labels = {"name": _("What is the token for?")}
        help_texts = {"name": _("For example “Power BI import” or “monthly sales script”.")}
