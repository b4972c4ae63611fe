from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kpiplanner.core"
    label = "core"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_seen_at_login

        user_logged_in.connect(session_seen_at_login, dispatch_uid="core.session_seen")
