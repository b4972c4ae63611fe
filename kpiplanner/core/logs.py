"""Logging filters, loaded with the settings (before the apps, so nothing of Django's models)."""

import logging


class QuietClientErrors(logging.Filter):
    """Keeps Django's one-line warning for a 403 or 404 but drops its traceback: a refused
    request is expected, and the `security` logger already has it in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
