from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data (`data.py`) and the `seed_demo` command; nothing of the app imports it."""

    name = "kpiplanner.demo"
    label = "demo"
