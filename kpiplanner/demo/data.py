"""A realistic Dutch demo organisation: a customer-service department that wants lower churn.

Everything is found or created by its natural key, so running it again changes nothing.
"""

import contextlib
import datetime
import secrets
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.models import HistoricalRecords

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from indicators.models import Kpi, KpiMilestone, KpiStatus, Measurement
from kpiplanner.accounts.models import Membership, Organisation, Role

DEMO_ORGANISATION_SLUG = "klantenservice-noord"
DEMO_USERS = [
    ("admin", "Anouk", "de Vries", Role.ADMIN),
    ("facilitator", "Fatima", "El Amrani", Role.FACILITATOR),
    ("manager", "Pieter", "Jansen", Role.MANAGER),
    ("participant", "Sanne", "Bakker", Role.PARTICIPANT),
    ("viewer", "Daan", "Visser", Role.VIEWER),
]


@dataclass
class DemoResult:
    organisation: Organisation
    strategy: Strategy
    password: str | None  # set when users were created with a generated password
    created_users: list[str]
    large_strategy: Strategy | None = None
    workshop: object = None  # the open demo workshop (kpiplanner.workshops.models.Workshop)


def quarter_end(day: datetime.date, quarters_ahead: int) -> tuple[datetime.date, str]:
    """The last day of the quarter `quarters_ahead` after the one `day` is in, and its label."""
    index = (day.year * 4 + (day.month - 1) // 3) + quarters_ahead
    year, quarter = divmod(index, 4)
    end_month = quarter * 3 + 3
    next_first = datetime.date(year + (end_month == 12), end_month % 12 + 1, 1)
    return next_first - datetime.timedelta(days=1), f"Q{quarter + 1} {year}"


def month_start(day: datetime.date, months_back: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months_back
    return datetime.date(index // 12, index % 12 + 1, 1)


@transaction.atomic
def seed_demo(
    *, password: str | None = None, kpis: int = 0, today: datetime.date | None = None
) -> DemoResult:
    today = today or datetime.date.today()
    organisation, _ = Organisation.objects.get_or_create(
        slug=DEMO_ORGANISATION_SLUG, defaults={"name": "Energie Noord — Klantenservice"}
    )
    users, created_users, password = _users(organisation, password)
    with _history_by(users["facilitator"]):
        strategy = _customer_service_strategy(organisation, users, today)
        large = _large_strategy(organisation, users, kpis, today) if kpis else None
    from kpiplanner.workshops.demo import demo_workshop

    workshop = demo_workshop(strategy, users["facilitator"])
    return DemoResult(organisation, strategy, password, created_users, large, workshop)


@contextlib.contextmanager
def _history_by(user):
    """Record `user` as the author of the history the demo writes (where a step names no one
    else), so a KPI's timeline says who set it up rather than "someone". simple_history reads the
    author from the current request, which a command does not have: this lends it one."""
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous


def _users(organisation, password):
    User = get_user_model()
    created_users = []
    generated = None
    users = {}
    for username, first, last, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.nl"},
        )
        if created:
            if password is None and generated is None:
                generated = secrets.token_urlsafe(9)
            # Not staff, not superuser: Django's admin site is for the operators
            # (createsuperuser), and an organisation admin works in the app.
            user.set_password(password or generated)
            user.save()
            created_users.append(username)
        elif password is not None and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        users[username] = user
    return users, created_users, generated


def _customer_service_strategy(organisation, users, today):
    """The demo strategy. When it is new, it also gets its history: the first KPIs proposed and
    decided, version 1 approved, and the work done since (see `_first_version`)."""
    strategy, new = Strategy.objects.get_or_create(
        organisation=organisation,
        name="Klanten behouden door snelle, goede service",
        defaults={
            "mission": "Wij helpen onze klanten snel en in één keer, zodat ze graag klant blijven.",
            "vision": "In 2028 is onze klantenservice de reden dat klanten voor ons kiezen.",
            "horizon_start_year": today.year,
            "horizon_end_year": today.year + 2,
        },
    )
    baseline_date = month_start(today, 4) - datetime.timedelta(days=1)
    q1_end, q1 = quarter_end(today, 1)
    q2_end, q2 = quarter_end(today, 2)
    year_end = datetime.date(today.year + 1, 12, 31)
    owner, facilitator = users["manager"], users["facilitator"]
    # A new strategy starts with drafts that go through the review workflow below; an existing
    # one only gets what is missing, in the state the story ends in.
    decided = {}

    def status(final):
        return KpiStatus.DRAFT if new else final

    churn = _goal(
        strategy,
        1,
        "Minder klanten zeggen op",
        "customer",
        "long",
        "Het klantverloop moet omlaag; de klantenservice is daarvoor de belangrijkste hefboom.",
    )
    fast = _csf(
        churn,
        1,
        "Klantvragen snel en in één keer oplossen",
        "Klanten die lang wachten of vaker moeten bellen, zeggen eerder op.",
    )
    decided["resolution"] = _kpi(
        fast,
        1,
        dict(
            name="Gemiddelde oplostijd van tickets",
            statement=f"De gemiddelde oplostijd van tickets daalt van 14 naar 10 uur of minder vóór eind {q1}.",
            definition="Som van de doorlooptijden (aanmaken tot oplossen) van alle opgeloste tickets in de maand, gedeeld door het aantal opgeloste tickets.",
            unit="hours",
            direction="lower",
            baseline_value=Decimal("14"),
            baseline_date=baseline_date,
            target_value=Decimal("10"),
            target_date=q1_end,
            on_track_threshold=Decimal("11"),
            off_track_threshold=Decimal("13"),
            frequency="monthly",
            data_source="Ticketsysteem (Zendesk-export)",
            owner=owner,
            owner_accepted=True,
            indicator_type="lagging",
            customer_facing=True,
            rationale="Snellere oplossing is precies wat deze succesfactor vraagt; klanten merken het direct.",
            status=status(KpiStatus.APPROVED),
        ),
        measurements=[Decimal("14.0"), Decimal("13.4"), Decimal("12.8"), Decimal("12.1")],
        milestones=[(quarter_end(today, 0)[0], Decimal("12"))],
        today=today,
        entered_by=facilitator,
    )
    decided["first_time_right"] = _kpi(
        fast,
        2,
        dict(
            name="First-time-right",
            statement=f"Het percentage tickets dat bij het eerste contact is opgelost stijgt van 62% naar minimaal 75% vóór eind {q2}.",
            definition="Aantal tickets zonder vervolgcontact binnen 7 dagen, gedeeld door alle opgeloste tickets, maal 100.",
            unit="percent",
            direction="higher",
            baseline_value=Decimal("62"),
            baseline_date=baseline_date,
            target_value=Decimal("75"),
            target_date=q2_end,
            on_track_threshold=Decimal("72"),
            off_track_threshold=Decimal("65"),
            frequency="monthly",
            data_source="Ticketsysteem",
            owner=owner,
            owner_accepted=True,
            indicator_type="leading",
            customer_facing=True,
            rationale="Wie in één keer geholpen wordt, hoeft niet opnieuw contact op te nemen.",
            status=status(KpiStatus.APPROVED),
        ),
        measurements=[Decimal("62"), Decimal("64.5"), Decimal("66"), Decimal("67.5")],
        today=today,
        entered_by=facilitator,
    )

    proactive = _csf(
        churn,
        2,
        "Opzeggers op tijd herkennen en benaderen",
        "Een klant die twijfelt, kun je nog overtuigen; een klant die al weg is niet.",
    )
    churn_statement = (
        f"Het klantverloop daalt van 3,2% naar 2,5% per kwartaal, gemeten over {year_end.year}."
    )
    decided["churn"] = _kpi(
        proactive,
        1,
        dict(
            name="Klantverloop per kwartaal",
            # Version 1 was refused for want of a period; the year was added afterwards.
            statement="Het klantverloop daalt van 3,2% naar 2,5% per kwartaal."
            if new
            else churn_statement,
            definition="Aantal klanten dat in het kwartaal opzegt, gedeeld door het aantal klanten aan het begin van het kwartaal, maal 100.",
            unit="percent",
            direction="lower",
            baseline_value=Decimal("3.2"),
            baseline_date=baseline_date,
            target_value=Decimal("2.5"),
            target_date=year_end,
            frequency="quarterly",
            data_source="CRM (opzeggingen)",
            owner=owner,
            owner_accepted=False,
            indicator_type="lagging",
            customer_facing=False,
            rationale="Dit is het doel zelf in één getal.",
            status=status(KpiStatus.PROPOSED),
        ),
    )
    people = _goal(
        strategy,
        2,
        "Een vakkundig en betrokken team",
        "people",
        "long",
        "Goede service vraagt mensen die blijven en steeds beter worden.",
    )
    skilled = _csf(
        people,
        1,
        "Medewerkers blijven en ontwikkelen zich",
        "Ervaren medewerkers lossen meer vragen in één keer op.",
    )
    decided["absence"] = _kpi(
        skilled,
        1,
        dict(
            name="Verzuimpercentage",
            statement=f"Het verzuimpercentage van de klantenservice daalt van 6,1% naar 4,5% vóór eind {year_end.year}.",
            definition="Aantal ziektedagen gedeeld door het aantal beschikbare werkdagen in de maand, maal 100.",
            unit="percent",
            direction="lower",
            baseline_value=Decimal("6.1"),
            baseline_date=baseline_date,
            target_value=Decimal("4.5"),
            target_date=year_end,
            frequency="monthly",
            data_source="HR-systeem",
            owner=users["admin"],
            owner_accepted=True,
            indicator_type="lagging",
            customer_facing=False,
            rationale="Wie vaak uitvalt, laat collega's met de wachtrij zitten; verzuim is een vroeg signaal.",
            status=status(KpiStatus.APPROVED),
        ),
        measurements=[Decimal("6.1"), Decimal("6.3"), Decimal("5.8"), Decimal("5.6")],
        today=today,
        entered_by=users["admin"],
    )
    cost = _goal(
        strategy,
        3,
        "Lagere kosten per klantcontact",
        "financial",
        "short",
        "Eenvoudige vragen horen niet bij een medewerker terecht te komen.",
    )
    _csf(
        cost,
        1,
        "Klanten vinden zelf het antwoord",
        "Selfservice is sneller voor de klant en goedkoper voor ons.",
    )
    if new:
        _first_version(strategy, users, decided, churn_statement)

    # Added after version 1: still drafts.
    _kpi(
        proactive,
        2,
        dict(
            name="Net Promoter Score",
            statement=f"De NPS uit de kwartaalenquête stijgt van +12 naar +25 vóór eind {year_end.year}.",
            definition="Percentage promotors (9–10) min percentage criticasters (0–6) in de klantenquête.",
            unit="score",
            direction="higher",
            baseline_value=Decimal("12"),
            baseline_date=baseline_date,
            target_value=Decimal("25"),
            target_date=year_end,
            frequency="quarterly",
            data_source="Kwartaalenquête klanten",
            owner=None,
            indicator_type="leading",
            customer_facing=True,
            status=KpiStatus.DRAFT,
        ),
    )

    _kpi(
        skilled,
        2,
        dict(
            name="Trainingsuren per medewerker",
            statement="Elke medewerker volgt minimaal 24 uur training per jaar.",
            unit="hours",
            direction="higher",
            target_value=Decimal("24"),
            frequency="quarterly",
            data_source="Leerplatform",
            indicator_type="leading",
            status=KpiStatus.DRAFT,
        ),
    )

    return strategy


def _first_version(strategy, users, kpis, churn_statement):
    """The review so far: the facilitator proposed four KPIs; the manager approved three,
    rejected the churn KPI for want of a period and approved the set as version 1; the
    facilitator then added the year and proposed the churn KPI again."""
    from kpiplanner.reviews.services import kpi_set_approve, kpi_status_change

    facilitator, manager = users["facilitator"], users["manager"]
    for kpi in kpis.values():
        kpi_status_change(
            kpi=kpi, to_status=KpiStatus.PROPOSED, actor=facilitator, role=Role.FACILITATOR
        )
    for key in ("resolution", "first_time_right", "absence"):
        kpi_status_change(
            kpi=kpis[key], to_status=KpiStatus.APPROVED, actor=manager, role=Role.MANAGER
        )
    churn = kpis["churn"]
    kpi_status_change(
        kpi=churn,
        to_status=KpiStatus.REJECTED,
        actor=manager,
        role=Role.MANAGER,
        reason="Over welke periode meten we dit? Noem het jaar, dan keur ik hem goed.",
    )
    kpi_set_approve(strategy=strategy, approver=manager)
    churn.statement = churn_statement
    churn._history_user = facilitator
    churn.save_versioned(expected_version=churn.version, update_fields=["statement"])
    kpi_status_change(
        kpi=churn, to_status=KpiStatus.PROPOSED, actor=facilitator, role=Role.FACILITATOR
    )


def _goal(strategy, order, title, perspective, term, description):
    goal, _ = Goal.objects.get_or_create(
        strategy=strategy,
        title=title,
        defaults={
            "order": order,
            "perspective": perspective,
            "term": term,
            "description": description,
        },
    )
    return goal


def _csf(goal, order, title, description):
    csf, _ = CriticalSuccessFactor.objects.get_or_create(
        goal=goal, title=title, defaults={"order": order, "description": description}
    )
    return csf


def _kpi(csf, order, fields, *, measurements=(), milestones=(), today=None, entered_by=None):
    kpi, created = Kpi.objects.get_or_create(
        csf=csf, name=fields.pop("name"), defaults={"order": order, **fields}
    )
    if created and milestones:
        KpiMilestone.objects.bulk_create(
            KpiMilestone(kpi=kpi, due_date=day, value=value) for day, value in milestones
        )
    if created and measurements:
        count = len(measurements)
        Measurement.objects.bulk_create(
            Measurement(
                kpi=kpi, period=month_start(today, count - i), value=value, entered_by=entered_by
            )
            for i, value in enumerate(measurements)
        )
    return kpi


PERSPECTIVES = ["financial", "customer", "internal", "people"]


def _large_strategy(organisation, users, kpis, today):
    """About `kpis` KPIs, three per CSF and two CSFs per goal, approved as version 1 (for
    benchmarks, and to try a large handbook)."""
    strategy, created = Strategy.objects.get_or_create(
        organisation=organisation,
        name=f"Benchmark: grote strategie ({kpis} KPI's)",
        defaults={"horizon_start_year": today.year, "horizon_end_year": today.year + 3},
    )
    if not created:
        return strategy
    goal_count = -(-kpis // 6)
    goals = Goal.objects.bulk_create(
        Goal(
            strategy=strategy,
            order=g,
            title=f"Doel {g + 1}",
            perspective=PERSPECTIVES[g % 4],
            term="long" if g % 3 else "short",
        )
        for g in range(goal_count)
    )
    csfs = CriticalSuccessFactor.objects.bulk_create(
        CriticalSuccessFactor(goal=goal, order=c, title=f"Succesfactor {goal.order + 1}.{c + 1}")
        for goal in goals
        for c in range(2)
    )
    year_end = datetime.date(today.year + 1, 12, 31)
    new = []
    for i in range(kpis):
        csf = csfs[i // 3]
        new.append(
            Kpi(
                csf=csf,
                order=i % 3,
                name=f"KPI {i + 1}",
                statement=f"Doorlooptijd van proces {i + 1} daalt van 20 naar 15 dagen vóór eind {year_end.year}.",
                unit="days",
                direction="lower",
                baseline_value=Decimal(20),
                target_value=Decimal(15),
                target_date=year_end,
                frequency="monthly",
                data_source="Procesregistratie",
                owner=users["manager"],
                owner_accepted=True,
                status=KpiStatus.APPROVED,
            )
        )
    Kpi.objects.bulk_create(new)
    # Approved as version 1, so a new user can try a large handbook right away.
    from kpiplanner.reviews.services import kpi_set_approve

    kpi_set_approve(strategy=strategy, approver=users["manager"])
    return strategy
