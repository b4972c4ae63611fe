"""The KPI library loaded by the data migration."""

import pytest
from django.utils import translation

from indicators.models import Area, KpiTemplate

pytestmark = pytest.mark.django_db


def test_library_has_at_least_sixty_templates_over_every_area():
    assert KpiTemplate.objects.count() >= 60
    assert set(KpiTemplate.objects.values_list("area", flat=True)) == set(Area.values)


def test_every_template_is_complete_in_both_languages():
    for template in KpiTemplate.objects.all():
        assert all(
            [template.name_nl, template.name_en, template.definition_nl, template.definition_en]
        ), template.slug
        template.full_clean()


def test_template_name_follows_the_active_language():
    template = KpiTemplate.objects.get(slug="absenteeism-rate")
    with translation.override("nl"):
        assert template.name == "Verzuimpercentage"
    with translation.override("en"):
        assert template.name == "Absenteeism rate"
