"""The demo's workshop: open on the demo strategy, in its goals round, accepting proposals."""

from .models import RoundKind, Workshop
from .services import RoundPlan, workshop_create


def demo_workshop(strategy, facilitator) -> Workshop:
    """The strategy's open workshop, made when there is none (so seeding twice keeps one)."""
    existing = strategy.workshops.filter(closed_at__isnull=True).first()
    if existing is not None:
        return existing
    return workshop_create(
        strategy=strategy,
        by=facilitator,
        title="Strategiesessie klantenservice",
        rounds=[RoundPlan(RoundKind.GOALS), RoundPlan(RoundKind.CSFS), RoundPlan(RoundKind.KPIS)],
        dots_per_person=3,
        max_per_item=3,
        votes_hidden=True,
        proposals_live=True,
        anonymous=False,
    )
