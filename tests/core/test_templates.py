"""Templates stay readable: no line of a project template is over 200 characters (issue #15)."""

from pathlib import Path

from django.conf import settings
from django.template import engines

MAX_LINE = 200


def project_template_dirs():
    """The project's template folders (templates/ and each app's), not installed packages' ones."""
    base = Path(settings.BASE_DIR).resolve()
    dirs = {Path(d).resolve() for d in engines["django"].template_dirs}
    return sorted(d for d in dirs if d.is_relative_to(base) and ".venv" not in d.parts)


def project_templates():
    for folder in project_template_dirs():
        yield from sorted(folder.rglob("*.html"))


def test_the_project_and_its_apps_have_templates_to_check():
    base = Path(settings.BASE_DIR).resolve()
    folders = project_template_dirs()
    assert base / "templates" in folders
    assert base / "templates" / "workshops" / "control.html" in set(project_templates())
    assert len(list(project_templates())) > 50


def test_no_template_line_is_over_200_characters():
    base = Path(settings.BASE_DIR).resolve()
    too_long = [
        f"{path.resolve().relative_to(base)}:{number} ({len(line)} characters)"
        for path in project_templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > MAX_LINE
    ]
    assert too_long == [], "Template lines over 200 characters:\n" + "\n".join(too_long)
