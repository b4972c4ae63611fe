"""Nodes rendered once per shape: the partial's HTML with each node's values put in."""

import pytest
from django.utils import translation

from indicators.shapes import NodeShapes
from tests.factories import CsfFactory, GoalFactory, KpiFactory

pytestmark = pytest.mark.django_db

KPI_NODE = "goals/_tree.html#kpi-node"


def test_a_value_is_put_in_as_it_is_even_when_it_looks_like_a_placeholder_or_format_field():
    shapes = NodeShapes("goals/_tree.html#csf-node", ("children",))
    with translation.override("en"):
        fill = shapes.filler("en", (False,))
    html = fill({"id": "1", "title": "{title} \x1fid\x1f %s", "rollup": "", "children": ""})
    assert '<span class="node-title">{title} \x1fid\x1f %s</span>' in html
    assert 'id="csf-1"' in html
    assert "No KPI yet for this critical success factor." in html


def test_each_shape_and_language_is_rendered_once(monkeypatch):
    import indicators.shapes as module

    rendered = []
    real = module.render_to_string
    monkeypatch.setattr(
        module, "render_to_string", lambda *a, **kw: rendered.append(a) or real(*a, **kw)
    )
    shapes = NodeShapes("goals/_tree.html#goal-node", ("children",))
    for language in ("nl", "en", "nl", "en"):
        with translation.override(language):
            shapes.filler(language, (True,))
    with translation.override("nl"):
        shapes.filler("nl", (False,))
    assert len(rendered) == 3


def test_the_shape_decides_what_the_node_shows():
    shapes = NodeShapes(KPI_NODE, ("owner", "weight"))
    values = {"id": "1", "status": "draft", "url": "/k/", "name": "N", "status_badge": ""}
    values |= {"target": "10", "owner": "Pieter", "weight": "2,5"}
    with translation.override("en"):
        with_all = shapes.filler("en", (True, True))(values)
        bare = shapes.filler("en", (False, False))(values)
    assert "<dd>Pieter</dd>" in with_all and "<dd data-kpi-weight>2,5</dd>" in with_all
    assert "Pieter" not in bare and "data-kpi-weight" not in bare
    assert 'class="text-danger">none yet</span>' in bare


def test_user_text_on_the_strategy_page_is_escaped_once(client, members, strategy):
    goal = GoalFactory(strategy=strategy, title="R&D {goal}")
    csf = CsfFactory(goal=goal, title="<b>fast</b>")
    KpiFactory(csf=csf, name='Tom & "Jerry"', statement="a < b", status="approved", weight=2)
    client.force_login(members["viewer"])
    html = client.get(strategy.get_absolute_url()).content.decode()
    assert '<span class="node-title">R&amp;D {goal}</span>' in html
    assert '<span class="node-title">&lt;b&gt;fast&lt;/b&gt;</span>' in html
    assert ">Tom &amp; &quot;Jerry&quot;</a>" in html
    assert '<p class="kpi-statement mb-1">a &lt; b</p>' in html
    assert "<dd data-kpi-weight>2</dd>" in html
    assert "&amp;amp;" not in html
