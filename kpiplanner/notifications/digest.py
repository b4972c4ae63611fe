"""The digest e-mail: everything new for one person since their last one, at most one an hour.

`send_notifications` (run by `send_notifications_task`, queued after each event and by
`manage.py send_notifications` from cron) goes through the people with unsent notifications.
Each person's digest is sent inside a transaction that holds their profile row
(`select_for_update(skip_locked=True)`): a second worker at the same moment skips that person,
and a later one finds the rows sent and `Profile.notified_at` within the hour. A failed e-mail
rolls back, so the next run tries again.
"""

import datetime
import logging
from collections import defaultdict

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from kpiplanner.accounts.emails import site_url, user_mail
from kpiplanner.accounts.models import Membership, Profile

from .models import Notification

logger = logging.getLogger(__name__)

INTERVAL = datetime.timedelta(hours=1)


def send_notifications(now: datetime.datetime | None = None) -> int:
    """Send each person whose last digest is an hour old (or who never had one) what is new
    for them; the number of e-mails sent."""
    now = now or timezone.now()
    waiting = (
        Notification.objects.filter(sent_at=None)
        .values_list("recipient_id", flat=True)
        .order_by("recipient_id")
        .distinct()
    )
    count = 0
    for user_id in list(waiting):
        try:
            count += _send_digest(user_id, now)
        except OSError:  # smtplib's errors included: the others still get theirs
            logger.exception("The notification e-mail to user %s failed", user_id)
    return count


def _send_digest(user_id, now) -> bool:
    Profile.objects.get_or_create(user_id=user_id)
    with transaction.atomic():
        profile = (
            Profile.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(user_id=user_id)
            .first()
        )
        if profile is None:  # another worker is sending this person's digest right now
            return False
        if profile.notified_at is not None and now - profile.notified_at < INTERVAL:
            return False
        pending = list(
            Notification.objects.filter(
                recipient_id=user_id, sent_at=None, created_at__lte=now
            ).select_related("strategy", "actor")
        )
        # Exactly the rows read are marked (not one committed meanwhile), and only if still
        # unsent: a second line of defence should the lock ever be missing.
        marked = Notification.objects.filter(pk__in=[n.pk for n in pending], sent_at=None).update(
            sent_at=now
        )
        if not pending:
            return False
        if marked != len(pending):  # another worker sent some: leave the rest to a next run
            transaction.set_rollback(True)
            return False
        # Only what happened in an organisation the person still belongs to.
        member_of = set(
            Membership.objects.filter(user_id=user_id).values_list("organisation_id", flat=True)
        )
        items = [n for n in pending if n.strategy.organisation_id in member_of]
        user = profile.user
        if not items or not _wants_mail(profile):
            return False
        subject, body = digest_message(user, items)
        send_mail(subject, body, None, [user.email])
        profile.notified_at = now
        profile.save(update_fields=["notified_at"])
    return True


def _wants_mail(profile) -> bool:
    user = profile.user
    return profile.email_notifications and user.is_active and bool(user.email)


def _review_url(strategy_id) -> str:
    return site_url(reverse("reviews:strategy_review", args=[strategy_id]))


def digest_message(user, items: list[Notification]) -> tuple[str, str]:
    """(subject, body) of `user`'s digest of `items`, in their language."""
    review = defaultdict(list)  # strategy → KPI names
    for item in items:
        if item.kind == Notification.Kind.REVIEW and item.kpi_name not in review[item.strategy]:
            review[item.strategy].append(item.kpi_name)
    context = {
        "review": [
            {
                "strategy": s,
                "kpis": names,
                "url": site_url(reverse("reviews:strategy_review", args=[s.pk])),
            }
            for s, names in review.items()
        ],
        "rejected": [
            {
                "item": i,
                # The KPI's card, with the reason among its comments (while it exists).
                "url": site_url(reverse("reviews:kpi_card", args=[i.kpi_id]))
                if i.kpi_id
                else _review_url(i.strategy_id),
            }
            for i in items
            if i.kind == Notification.Kind.REJECTED
        ],
        "approved": [
            {
                "item": i,
                "url": site_url(reverse("reviews:version_detail", args=[i.strategy_id, i.number])),
            }
            for i in items
            if i.kind == Notification.Kind.APPROVED
        ],
        "inbox": site_url(reverse("reviews:inbox")),
        "account": site_url(reverse("accounts:account")),
    }
    return user_mail(
        user,
        "notifications/email/digest.txt",
        context,
        subject=lambda: (
            ngettext(
                "KPI Planner: %(count)s new thing for you",
                "KPI Planner: %(count)s new things for you",
                len(items),
            )
            % {"count": len(items)}
        ),
    )
