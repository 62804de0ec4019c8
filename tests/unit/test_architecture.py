"""The arrows between packages: central and devices never reach into the terminal, hallcore
reaches into nobody, and the central service builds and answers without Kivy."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TERMINAL = {"kiosk", "screens"}
# what the terminal alone installs (the `terminal` extra); the service must not need any of it
# (pypinyin is shared: hallcore.pinyin is the search rule of the terminal and the console alike)
TERMINAL_ONLY = TERMINAL | {"kivy", "cv2", "escpos", "smartcard", "serial"}


def imported_roots(path: Path) -> set[str]:
    """The top-level names of every absolute import in a module, lazy ones inside functions too."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def offending(packages: tuple[str, ...], forbidden: set[str]) -> dict[str, set[str]]:
    found = {}
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            bad = imported_roots(path) & forbidden
            if bad:
                found[str(path.relative_to(ROOT))] = bad
    return found


def test_the_import_scan_sees_lazy_and_dotted_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os.path\nfrom . import sibling\n"
                      "def f():\n    from kiosk.quiz import score\n    import kivy.app as k\n")
    assert imported_roots(module) == {"os", "kiosk", "kivy"}


def test_central_and_devices_never_import_the_terminal():
    assert offending(("central", "devices"), TERMINAL) == {}


def test_hallcore_imports_neither_side_nor_their_frameworks():
    forbidden = TERMINAL | {"central", "devices", "kivy", "fastapi", "starlette", "sqlalchemy"}
    assert offending(("hallcore",), forbidden) == {}
    assert list((ROOT / "hallcore").glob("*.py")), "hallcore went missing"


def imported_modules(path: Path) -> set[str]:
    """The full dotted names of every absolute import in a module (``from a.b import c`` -> a.b)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_screens_never_import_devices():
    """Screens show; what a device does for a visit comes through kiosk (services, visit)."""
    assert offending(("screens",), {"devices"}) == {}


def test_no_router_imports_another_router():
    found = {}
    for path in sorted((ROOT / "central" / "routers").glob("*.py")):
        own = f"central.routers.{path.stem}"
        others = {m for m in imported_modules(path)
                  if m.startswith("central.routers.") and not m.startswith(own)}
        if others:
            found[path.name] = others
    assert found == {}


def test_every_json_route_declares_its_response_schema():
    """The OpenAPI is the contract the terminal speaks: no JSON answer without a schema."""
    from central.app import create_app
    from central.settings import development_settings
    spec = create_app(development_settings("sqlite:///:memory:")).openapi()
    bare = [f"{method.upper()} {path}" for path, ops in spec["paths"].items()
            for method, op in ops.items()
            for code, answer in op.get("responses", {}).items() if code.startswith("2")
            if not answer.get("content", {}).get("application/json", {"schema": True}).get("schema")]
    assert bare == []


def test_central_builds_and_answers_with_the_terminal_stack_blocked(tmp_path):
    """A fresh interpreter in which importing Kivy (or any terminal-only package) fails, as
    on a server installed without the `terminal` extra, migrates a SQLite database, builds
    the app and answers requests."""
    script = textwrap.dedent(f"""
        import sys

        BLOCKED = {sorted(TERMINAL_ONLY)!r}

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ImportError(f"blocked: {{name}} is not installed on the service")
                return None

        sys.meta_path.insert(0, Block())

        from fastapi.testclient import TestClient

        from central.app import create_app
        from central.db import migrate
        from central.settings import development_settings

        url = "sqlite:///" + sys.argv[1]
        migrate(url)
        app = create_app(development_settings(url))
        with TestClient(app) as client:
            health = client.get("/api/health")
            assert health.status_code == 200, health.text
            assert health.json()["database"] == "ok", health.text
            login = client.get("/console/login")
            assert login.status_code == 200, login.status_code
        leaked = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
        assert not leaked, leaked
        print("ANSWERED")
    """)
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "central.sqlite3")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "ANSWERED" in out.stdout

