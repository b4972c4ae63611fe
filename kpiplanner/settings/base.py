"""Settings shared by every environment; each value that differs per deployment is read from the
environment (DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG)."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "kpiplanner.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    # django-ninja: the REST API; listed so its Swagger page is served from its own static
    # files (no CDN) by a template without inline script.
    "ninja",
    "kpiplanner.core",
    "kpiplanner.accounts",
    "kpiplanner.planning",
    "kpiplanner.reviews",
    "kpiplanner.notifications",
    "kpiplanner.reports",
    "kpiplanner.interchange",
    "kpiplanner.demo",
    "django_tasks",
    "django_tasks_db",
    "kpiplanner.workshops",
    "kpiplanner.api",
    "goals",
    "csf",
    "indicators",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers "nothing changed" to the workshop screens' polls before sessions are loaded.
    "kpiplanner.workshops.live.WorkshopPollMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kpiplanner.core.middleware.IdleSessionMiddleware",
    "kpiplanner.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Permissions-Policy, and no-store for signed-in users (it reads request.user).
    "kpiplanner.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kpiplanner.accounts.middleware.MembershipMiddleware",
    "kpiplanner.accounts.security.RefusedAccessLogMiddleware",
    "kpiplanner.workshops.live.GuestScopeMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kpiplanner.urls"
WSGI_APPLICATION = "kpiplanner.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kpiplanner.accounts.context_processors.membership",
                "kpiplanner.reviews.context_processors.waiting_for_me",
            ],
        },
    },
]

# SQLite is the embedded default so a newcomer needs no server; production sets DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take SQLite's lock when their transaction begins and wait for it, instead of
    # failing with "database is locked" when two requests (two votes, say) write at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out username+address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A session ends after this many minutes without a request (kpiplanner.core.middleware.
# IdleSessionMiddleware renews it at most once a minute); a workday by default, so a workshop's
# guests keep their place.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "480"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Django's admin site, for the operators only, at a path of the deployment's own choosing.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates as "30 Sep 2027", not the US numeric form (kpiplanner/formats/en/formats.py).
FORMAT_MODULE_PATH = ["kpiplanner.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from npm at install time and are served by the app (no CDN).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Thresholds of the KPI-set health check (seed articles: a handful of KPIs per goal).
KPI_HEALTH_MAX_PER_GOAL = int(os.environ.get("KPI_HEALTH_MAX_PER_GOAL", "3"))
KPI_HEALTH_MAX_PER_STRATEGY = int(os.environ.get("KPI_HEALTH_MAX_PER_STRATEGY", "15"))

# Limits on what one JSON import may hold (refused whole above them).
INTERCHANGE_MAX_FILE_BYTES = int(os.environ.get("INTERCHANGE_MAX_FILE_BYTES", str(5 * 1024 * 1024)))
INTERCHANGE_MAX_NODES = int(os.environ.get("INTERCHANGE_MAX_NODES", "1000"))
# A sheet of KPI values: its lines at most (uploads per person: IMPORTS_PER_HOUR, below).
MEASUREMENT_IMPORT_MAX_ROWS = int(os.environ.get("MEASUREMENT_IMPORT_MAX_ROWS", "10000"))
# The first handler stops keeping an upload once it is over that size (interchange/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "kpiplanner.interchange.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Limits on what one PDF handbook may render (a polite refusal above them, with CSV/JSON links).
REPORT_MAX_KPIS = int(os.environ.get("REPORT_MAX_KPIS", "600"))
REPORT_MAX_CHARS = int(os.environ.get("REPORT_MAX_CHARS", "600000"))
# A handbook with more approved KPIs than this takes Typst more than about a second: a worker
# renders it (django-tasks) while the page says it is being prepared (kpiplanner/reports/store.py).
REPORT_BACKGROUND_KPIS = int(os.environ.get("REPORT_BACKGROUND_KPIS", "200"))
# Seconds one handbook may take Typst (in a child process) before it is stopped.
REPORT_RENDER_TIMEOUT = int(os.environ.get("REPORT_RENDER_TIMEOUT", "120"))
# Attempts a failing handbook task gets in all (kpiplanner/reports/tasks.py).
REPORT_TASK_ATTEMPTS = int(os.environ.get("REPORT_TASK_ATTEMPTS", "3"))
# A task still marked running after this many seconds lost its worker: requeue_stuck_tasks
# (run before every db_worker start, and by cron) queues it again.
TASK_STUCK_AFTER = int(os.environ.get("TASK_STUCK_AFTER", "900"))

# Background work: django-tasks on the database (django-tasks-db), run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Requests one API token may make per window ("120/min", "5000/hour"; kpiplanner/api/auth.py),
# counted in Django's cache: with several workers a shared cache makes it one limit per token.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/min")
# The address of the site, for links in e-mails sent without a request (the reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# A value is "due soon", and its owner reminded, this many days before its period ends
# (indicators/reminders.py; `manage.py send_reminders` from cron).
REMINDER_DAYS_BEFORE = int(os.environ.get("REMINDER_DAYS_BEFORE", "3"))

# How many proxies in front of the app add themselves to X-Forwarded-For (nginx: 1); 0 trusts
# only REMOTE_ADDR. Used to slow down code guessing per visitor, not per proxy.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

# The workshop screens keep renderings of a round's list and its vote counts in the cache, each
# checked against the revisions in the database, so each process's own memory (Django's default
# cache) is correct; a shared cache only saves the other workers their own rendering of a list.
# REDIS_URL (e.g. redis://127.0.0.1:6379/0) selects Redis for that; it needs the redis package.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# How old a shared rendering of a workshop round's list may be before a phone's poll renders the
# newest list revision itself (kpiplanner/workshops/screens.py): while proposals pour in, the
# list changes several times a second; each worker then renders it at most twice a second, and
# a phone sees a new proposal at most this much later (its own at once).
WORKSHOP_SHARED_STALE_SECONDS = float(os.environ.get("WORKSHOP_SHARED_STALE_SECONDS", "0.5"))

# Content-Security-Policy (django-csp): our own origin only, no inline script or style without
# a nonce (`{{ request.csp_nonce }}`; no template needs one today), no eval. Bootstrap's CSS
# draws its form and toggler icons as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Password guessing (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is refused for AXES_COOLOFF_MINUTES, even with the right password;
# the same username from another address, and other usernames, still log in.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "kpiplanner.accounts.security.client_address"
AXES_LOCKOUT_CALLABLE = "kpiplanner.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# Our own `security` logger has every login, failure and lockout in one line.
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet_client_errors": {"()": "kpiplanner.core.logs.QuietClientErrors"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "console_quiet": {
            "class": "logging.StreamHandler",
            "filters": ["quiet_client_errors"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # One line per security event (see kpiplanner/accounts/security.py), for alerting.
        "security": {
            "handlers": ["console"],
            "level": os.environ.get("SECURITY_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        # A refused request (403/404) is one line, not a traceback.
        "django.request": {"handlers": ["console_quiet"], "propagate": False},
    },
}

# Invitations to join an organisation: the link works this many days, once.
INVITATION_MAX_AGE = int(os.environ.get("INVITATION_MAX_AGE_DAYS", "7")) * 24 * 3600

# E-mail (invitations, password reset), sent by the background worker. Production sets
# EMAIL_HOST and friends (SMTP); without them mails are printed to the console.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "KPI Planner <noreply@localhost>")
# A password-reset link works this long (Django's default is three days).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_HOURS", "2")) * 3600

# Rate limits (kpiplanner/core/ratelimit.py), counted in the cache named here; production uses
# a database table every worker shares.
RATE_LIMIT_CACHE = os.environ.get("RATE_LIMIT_CACHE", "default")
# Live SMART feedback requests per person (or workshop participant) per minute.
FEEDBACK_PER_MINUTE = int(os.environ.get("FEEDBACK_PER_MINUTE", "120"))
# KPI-set imports (uploads) per person per hour.
IMPORTS_PER_HOUR = int(os.environ.get("IMPORTS_PER_HOUR", "30"))
# Password-reset requests per address per hour.
PASSWORD_RESETS_PER_HOUR = int(os.environ.get("PASSWORD_RESETS_PER_HOUR", "10"))
# Wrong workshop codes per address per ten minutes: generous, since a room on one Wi-Fi shares
# an address, and still hopeless for guessing one of 26**6 codes.
JOIN_ATTEMPTS = int(os.environ.get("JOIN_ATTEMPTS", "30"))
