from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kpiplanner.core"
    label = "core"
