"""Test settings: fast hashing, no manifest, SQLite unless DATABASE_URL points at PostgreSQL."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
LOGGING["root"]["level"] = "ERROR"  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests see every change at once; the staleness window has its own test.
WORKSHOP_SHARED_STALE_SECONDS = 0

LOGGING["loggers"]["security"]["level"] = "WARNING"  # noqa: F405  (tests read it with caplog)
# Rate-limit counts in a cache of their own, emptied before each test (tests/conftest.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"},
}
RATE_LIMIT_CACHE = "ratelimit"
