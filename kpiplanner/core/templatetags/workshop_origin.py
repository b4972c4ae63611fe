"""`node|from_workshop`: the workshop a goal, CSF or KPI was promoted from, if any.

Read from what `Strategy.objects.with_tree()` selected along, so a page asks no query per node.
The domain apps name the workshop's proposal only by its reverse accessor, never import it.
"""

from django import template
from django.core.exceptions import ObjectDoesNotExist

register = template.Library()


@register.filter(name="from_workshop")
def workshop_of(node):
    try:
        proposal = node.workshop_proposal
    except (ObjectDoesNotExist, AttributeError):
        return None
    return proposal.round.workshop if proposal is not None else None
