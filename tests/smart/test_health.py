"""KPI-set health checks over a strategy tree."""

from indicators.smart import TreeCsf, TreeGoal, TreeKpi, TreeStrategy, check_health


def kpi(id, name, statement, **kw):
    defaults = dict(data_source="CRM", owner="Lotte", customer_facing=False)
    defaults.update(kw)
    return TreeKpi(id=id, name=name, statement=statement, **defaults)


def healthy_tree():
    return TreeStrategy(
        id=1,
        name="Groei 2026-2028",
        goals=[
            TreeGoal(
                id=10,
                title="Trouwe klanten",
                term="long",
                perspective="customer",
                csfs=[
                    TreeCsf(
                        id=100,
                        title="Snelle service",
                        kpis=[
                            kpi(
                                1000,
                                "NPS",
                                "NPS van 31 naar 40 vóór eind 2027",
                                customer_facing=True,
                            ),
                            kpi(
                                1001,
                                "Leads",
                                "Minimaal 60 leads per maand",
                                indicator_type="leading",
                            ),
                        ],
                    )
                ],
            ),
            TreeGoal(
                id=11,
                title="Gezonde marge",
                term="short",
                perspective="financial",
                csfs=[
                    TreeCsf(
                        id=101,
                        title="Inkoop op orde",
                        kpis=[
                            kpi(1002, "Brutomarge", "Brutomarge minimaal 38% in 2026"),
                        ],
                    )
                ],
            ),
        ],
    )


def codes(findings):
    return sorted(f.code for f in findings)


def test_healthy_tree_has_no_findings():
    assert check_health(healthy_tree()) == []


def test_too_many_kpis_per_goal_uses_the_threshold_passed_in():
    tree = healthy_tree()
    assert codes(check_health(tree, max_kpis_per_goal=1)) == ["too_many_kpis_goal"]
    finding = check_health(tree, max_kpis_per_goal=1)[0]
    assert (finding.node_kind, finding.node_id, finding.severity) == ("goal", 10, "warning")


def test_too_many_kpis_per_strategy():
    findings = check_health(healthy_tree(), max_kpis_per_strategy=2)
    assert [(f.code, f.node_kind) for f in findings] == [("too_many_kpis_strategy", "strategy")]


def test_goal_without_csf_and_csf_without_kpi_are_errors():
    tree = healthy_tree()
    tree.goals.append(TreeGoal(id=12, title="Leren", csfs=[]))
    tree.goals[1].csfs.append(TreeCsf(id=102, title="Betrouwbare leveranciers"))
    found = {(f.code, f.node_id, f.severity) for f in check_health(tree)}
    assert ("goal_without_csf", 12, "error") in found
    assert ("csf_without_kpi", 102, "error") in found


def test_vague_and_unmeasurable_kpi_is_reported_on_the_kpi():
    tree = healthy_tree()
    tree.goals[0].csfs[0].kpis.append(kpi(1003, "Tevredenheid", "Klanttevredenheid verbeteren"))
    found = [f for f in check_health(tree, max_kpis_per_goal=5) if f.node_id == 1003]
    assert codes(found) == ["unmeasurable_kpi", "vague_kpi"]
    assert all(f.suggestion for f in found)


def test_only_short_term_no_customer_and_only_lagging():
    csf = TreeCsf(id=200, title="Verkoop", kpis=[kpi(2000, "Omzet", "Omzet € 2M in 2026")])
    tree = TreeStrategy(
        id=2, name="Kort", goals=[TreeGoal(id=20, title="Omzet", term="short", csfs=[csf])]
    )
    assert codes(check_health(tree, lang="en")) == [
        "no_customer_kpi",
        "only_lagging",
        "only_short_term",
    ]


def test_same_metric_twice_is_found():
    tree = healthy_tree()
    tree.goals[1].csfs[0].kpis.append(kpi(1004, "NPS", "NPS 45 in 2028", customer_facing=True))
    found = [f for f in check_health(tree) if f.code == "duplicate_metric"]
    assert [(f.node_id, f.node_kind) for f in found] == [(1004, "kpi")]


def test_missing_owner_and_data_source():
    tree = healthy_tree()
    tree.goals[1].csfs[0].kpis[0] = kpi(
        1002, "Brutomarge", "Brutomarge 38% in 2026", owner="", data_source=""
    )
    found = codes(f for f in check_health(tree) if f.node_id == 1002)
    assert found == ["no_data_source", "no_owner"]


def test_messages_are_in_the_users_language():
    tree = TreeStrategy(id=3, name="Leeg", goals=[])
    (nl,) = check_health(tree, lang="nl")
    (en,) = check_health(tree, lang="en")
    assert nl.message == "Deze strategie heeft nog geen doelen."
    assert en.message == "This strategy has no goals yet."
