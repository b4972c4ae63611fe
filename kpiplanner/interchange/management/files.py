"""What both import commands take and read from their arguments: the acting user, the language
of the messages, and the file."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from kpiplanner.interchange.reading import max_file_bytes, size_refusal


def add_user_and_lang(parser, *, user_help: str, lang_help: str) -> None:
    """The --user and --lang arguments of both import commands (`user_named`, the language)."""
    parser.add_argument("--user", help=user_help)
    parser.add_argument(
        "--lang",
        choices=[code for code, _name in settings.LANGUAGES],
        default=settings.LANGUAGE_CODE,
        help=lang_help,
    )


def user_named(username: str | None):
    """The user the import is recorded as (None when no name is given)."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("There is no user “%(name)s”.") % {"name": username})
    return user


def read_file(path: Path) -> bytes:
    """The file's bytes; CommandError when it cannot be read, ImportRefused when it is larger
    than an import takes (read no further than that)."""
    try:
        size = path.stat().st_size
        raw = None if size > max_file_bytes() else path.read_bytes()
    except OSError as exc:
        raise CommandError(
            _("The file %(path)s cannot be read: %(reason)s")
            % {"path": path, "reason": exc.strerror or exc}
        ) from exc
    if raw is None:
        raise size_refusal(size)
    return raw
