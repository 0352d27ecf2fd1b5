"""The package's module-level imports form no circle (issue 18), and modules stay readable in size."""
from __future__ import annotations

import ast
import os

SRC = os.path.join(os.path.dirname(__file__), "..", "src", "auditlint")


def _modules() -> dict:
    out = {}
    for root, _dirs, files in os.walk(SRC):
        for fn in files:
            if fn.endswith(".py"):
                path = os.path.join(root, fn)
                rel = os.path.relpath(path, SRC)[:-3].replace(os.sep, ".")
                name = "auditlint" + ("" if rel == "__init__" else "." + rel.replace(".__init__", ""))
                out[name] = path
    return out


def _imports(name: str, path: str, known: set) -> set:
    """Modules of the package imported at module level (imports inside functions are lazy: no circle)."""
    tree = ast.parse(open(path, encoding="utf-8").read())
    pkg = name if path.endswith("__init__.py") else name.rsplit(".", 1)[0]
    found = set()
    for node in tree.body:
        if isinstance(node, ast.Try):  # try: import tomllib / except: import tomli
            nodes = node.body
        else:
            nodes = [node]
        for n in nodes:
            if isinstance(n, ast.ImportFrom):
                if n.level:
                    base = pkg.split(".")
                    base = base[: len(base) - (n.level - 1)]
                    mod = ".".join(base + ([n.module] if n.module else []))
                else:
                    mod = n.module or ""
                if not mod.startswith("auditlint"):
                    continue
                for a in n.names:
                    sub = f"{mod}.{a.name}"
                    found.add(sub if sub in known else mod)
            elif isinstance(n, ast.Import):
                found.update(a.name for a in n.names if a.name.startswith("auditlint"))
    found.discard(name)
    return {m for m in found if m in known}


def _circles(graph: dict) -> list:
    seen, stack, circles = set(), [], []

    def visit(m):
        if m in stack:
            circles.append(stack[stack.index(m):] + [m])
            return
        if m in seen:
            return
        seen.add(m)
        stack.append(m)
        for d in sorted(graph.get(m, ())):
            visit(d)
        stack.pop()

    for m in sorted(graph):
        visit(m)
    return circles


def test_the_circle_finder_finds_one():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle():
    mods = _modules()
    graph = {m: _imports(m, p, set(mods)) for m, p in mods.items()}
    assert "auditlint.paths" in graph["auditlint.cache"]  # the walk sees real edges
    # a package's __init__ importing its own submodules is how packages work; leave those edges out
    graph = {m: {d for d in deps if not d.startswith(m + ".")} for m, deps in graph.items()}
    assert _circles(graph) == []
