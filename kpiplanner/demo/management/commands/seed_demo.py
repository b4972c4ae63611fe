"""python manage.py seed_demo [--password PW] [--kpis N]"""

from django.core.management.base import BaseCommand, CommandError

from kpiplanner.accounts.models import Organisation
from kpiplanner.demo.data import DEMO_ORGANISATION_SLUG, DEMO_USERS, seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo organisation, its strategy tree and one user per role. "
        "Safe to run again: what exists is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for the demo users (default: random).")
        parser.add_argument(
            "--kpis", type=int, default=0, help="Also build a large strategy of about N KPIs."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has an organisation (for `make run`).",
        )

    def handle(self, *args, password=None, kpis=0, if_empty=False, **options):
        if kpis < 0 or kpis > 100_000:
            raise CommandError("--kpis must be between 0 and 100000.")
        if if_empty and Organisation.objects.exists():
            self.stdout.write("The database already has data; the demo was not added.")
            # The demo workshop's code is wanted on every start, not only the first.
            from kpiplanner.workshops.models import Workshop

            for workshop in Workshop.objects.open().filter(
                strategy__organisation__slug=DEMO_ORGANISATION_SLUG
            ):
                self.stdout.write(f"Workshop code: {workshop.code}")
            return
        result = seed_demo(password=password, kpis=kpis)
        self.stdout.write(f"Organisation: {result.organisation} (id {result.organisation.pk})")
        self.stdout.write(f"Strategy: {result.strategy} ({result.strategy.get_absolute_url()})")
        latest = result.strategy.kpi_set_versions.order_by("-number").first()
        if latest is not None:
            self.stdout.write(
                f"Approved version {latest.number}, ready to export: {latest.get_absolute_url()}"
            )
        if result.workshop is not None:
            self.stdout.write(f"Workshop code: {result.workshop.code}")
        if result.large_strategy:
            self.stdout.write(f"Large strategy: {result.large_strategy.get_absolute_url()}")
        if result.created_users:
            shown = password if password else result.password
            self.stdout.write(
                self.style.SUCCESS(
                    f"Users {', '.join(result.created_users)} created with password: {shown}"
                )
            )
        else:
            self.stdout.write(
                "Users "
                + ", ".join(u[0] for u in DEMO_USERS)
                + " already exist"
                + ("; their password is the one given." if password else "; passwords unchanged.")
            )
