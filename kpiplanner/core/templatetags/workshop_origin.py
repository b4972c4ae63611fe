"""`node|from_workshop`: the workshop a goal, CSF or KPI was promoted from, if any.

Read from what the tree's query selected along (`ORIGIN`), so a page asks no query per node.
The domain apps name the workshop's proposal only by its reverse accessor, never import it.
"""

from django import template
from django.core.exceptions import ObjectDoesNotExist

register = template.Library()

# What a tree query adds to its select_related for the note (goals, CSFs and KPIs alike).
ORIGIN = "workshop_proposal__round__workshop"


def workshop_of(node):
    try:
        proposal = node.workshop_proposal
    except (ObjectDoesNotExist, AttributeError):
        return None
    return proposal.round.workshop if proposal is not None else None


@register.filter
def from_workshop(node):
    return workshop_of(node)
