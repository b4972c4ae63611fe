"""Form fields the KPI and measurement forms share: numbers as the user writes them, and dates.

Numbers are entered the way the user writes them: "1.250,5" in Dutch, "1,250.5" in English
(`LocalDecimalField`, also used by the review forms); dates with the browser's date picker.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DATE_WIDGET = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}
# A whole number written with thousands separators only: "12.500" (Dutch), "12,500" (English).
# Never with a leading zero: "0.250" is a quarter, not 250.
THOUSANDS_ONLY = {
    sep: re.compile(rf"^[-+]?[1-9]\d{{0,2}}(?:{re.escape(sep)}\d{{3}})+$") for sep in (".", ",")
}
# Both separators, as the language writes them: thousands groups first, then the decimals
# ("1.250,5" in Dutch, "1,250.5" in English). Keyed by (thousands, decimal).
GROUPED_DECIMAL = {
    (sep, dec): re.compile(rf"^[-+]?\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+{re.escape(dec)}\d+$")
    for sep, dec in ((".", ","), (",", "."))
}


def _dutch() -> bool:
    return (get_language() or "nl").startswith("nl")


class LocalDecimalField(forms.DecimalField):
    """A localized decimal that also takes Dutch thousands separators ("1.250,5").

    Django only strips thousands separators when USE_THOUSAND_SEPARATOR is on, which would also
    change how every number is shown; this field accepts them on input only.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.error_messages["invalid"] = _("Enter a number, for example 12.5 or 1,250.")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "")
            dutch = _dutch()
            decimal, thousands = (",", ".") if dutch else (".", ",")
            # "1.250,5" and "1.250" in Dutch, "1,250.5" and "1,250" in English; a lone "1.5"
            # typed in Dutch is still read as one and a half.
            if decimal in value and thousands in value:
                # "1,250.5" on a Dutch page is the other notation: refused, never read as
                # 1,2505. Only thousands groups followed by the decimals pass.
                if not GROUPED_DECIMAL[(thousands, decimal)].match(value):
                    raise ValidationError(self._notation_message(dutch), code="notation")
                value = value.replace(thousands, "")
            elif THOUSANDS_ONLY[thousands].match(value):
                value = value.replace(thousands, "")
            elif not dutch and thousands in value:
                # "12,5" or "0,250" on an English page: a Dutch decimal comma, not thousands.
                raise ValidationError(self._notation_message(dutch), code="notation")
        return super().to_python(value)

    @staticmethod
    def _notation_message(dutch: bool) -> str:
        if dutch:
            return _(
                "Write the number the Dutch way, for example 1.250,5 (a comma before decimals)."
            )
        return _("Write the number the English way, for example 1,250.5 (a point before decimals).")

    def prepare_value(self, value):
        # 14.0000 from the database reads as "14", not "14,0000".
        if isinstance(value, Decimal):
            whole = value == value.to_integral()
            value = value.quantize(Decimal(1)) if whole else value.normalize()
        return super().prepare_value(value)
