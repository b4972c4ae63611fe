"""A template partial rendered once per shape, for pages that print hundreds of alike nodes.

A node's partial is rendered with `shape` (its structural choices: `{% if shape.owner %}`) and
`node`, which gives a placeholder for each value it is asked for (`{{ node.name }}`). The HTML
is split at its placeholders once per language and shape; each node is made by putting its
values in between. They must be escaped already: they are put in as they are, once, and never
read again for placeholders.
"""

import re
from itertools import chain
from operator import itemgetter

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

# A placeholder is a name between two unit separators: no escaping changes them, and a value
# holding one does no harm (values are put in after the HTML is split).
_MARK = "\x1f"
_PLACEHOLDER = re.compile(f"{_MARK}(\\w+){_MARK}")


class _Placeholders(dict):
    """`node` of a shape's rendering: any value's name gives its placeholder."""

    def __missing__(self, name: str):
        return mark_safe(f"{_MARK}{name}{_MARK}")


class NodeShapes:
    """The nodes of one partial (`template_name`, "file.html#partial"), whose shape is the
    values of the choices `names`, in that order."""

    def __init__(self, template_name: str, names: tuple[str, ...]):
        self.template_name = template_name
        self.names = names
        self._fillers: dict = {}

    def filler(self, language: str, shape: tuple):
        """A function of a node's values (a dict of escaped strings) that gives its HTML, for
        `shape` in `language` (the active one): rendered once per language and shape."""
        try:
            return self._fillers[language, shape]
        except KeyError:
            pass
        choices = dict(zip(self.names, shape, strict=True))
        rendered = render_to_string(self.template_name, {"shape": choices, "node": _Placeholders()})
        if len(self._fillers) > 1000:  # shapes are few; bounded all the same
            self._fillers.clear()
        value = self._fillers[language, shape] = self._filler(rendered)
        return value

    def _filler(self, rendered: str):
        pieces = _PLACEHOLDER.split(rendered)  # literal, name, literal, name, …, literal
        if any(_MARK in literal for literal in pieces[::2]):
            raise ValueError(f"{self.template_name}: a filter changed a placeholder")
        literals, names, last = pieces[:-1:2], pieces[1::2], pieces[-1]
        if not names:
            return lambda values: rendered
        if len(names) == 1:
            first, name = literals[0], names[0]
            return lambda values: first + values[name] + last
        get = itemgetter(*names)  # the values in the placeholders' order, in one call

        def fill(values: dict) -> str:
            return "".join(chain.from_iterable(zip(literals, get(values), strict=True))) + last

        return fill
