"""Print who imports whom among the project's packages (`python docs/import_graph.py`).

Reads the source with `ast` (nothing is imported or run), counts module-level and function-level
imports alike, leaves out tests, migrations and the SHIMS below, and prints one line per package
with the packages it imports, then any cycles (exit status 1 when there is one). The graph in
docs/ARCHITECTURE.md is this output.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The packages of the graph, most specific first: a module belongs to the first that contains it.
PACKAGES = [
    "indicators.smart_adapter",
    "indicators.smart",
    "indicators",
    "goals",
    "csf",
    *(
        f"kpiplanner.{name}"
        for name in (
            "core",
            "accounts",
            "planning",
            "reviews",
            "notifications",
            "reports",
            "interchange",
            "workshops",
            "api",
            "demo",
            "settings",
        )
    ),
    "kpiplanner",
]

# Old names kept importable for code that has not moved yet; they are not part of the design.
SHIMS: set[str] = set()  # modules kept only to re-export others, left out of the graph


def package_of(module: str) -> str | None:
    for package in PACKAGES:
        if module == package or module.startswith(package + "."):
            return package
    return None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, module: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {package: set() for package in PACKAGES}
    for top in ("goals", "csf", "indicators", "kpiplanner"):
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            module = module_name(path)
            if module in SHIMS:
                continue
            source = package_of(module)
            for target in imports(path, module):
                target_package = package_of(target)
                if target_package and target_package != source:
                    edges[source].add(target_package)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found = []
    for start in edges:
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in edges[node]:
                if nxt == start:
                    cycle = path
                    if min(cycle) == start:
                        found.append(cycle)
                elif nxt not in path and nxt > start:
                    stack.append((nxt, [*path, nxt]))
    return found


def main() -> int:
    edges = graph()
    for package in PACKAGES:
        print(f"{package:28} → {', '.join(sorted(edges[package])) or '(nothing)'}")
    found = cycles(edges)
    for cycle in found:
        print("cycle:", " → ".join([*cycle, cycle[0]]))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
