"""Every string the terminal shows or prints has a Simplified Chinese translation.

The strings are found where the code hands them to gettext: ``app.t('...')`` in the kv
files, ``_("...")``, ``t("...")`` and ``gettext("...")`` calls in the terminal's Python,
and the message tables the screens and slip layouts keep as upper-case constants (hints, titles,
reasons), which reach gettext later through a variable.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from kiosk.i18n import Translator

ROOT = Path(__file__).resolve().parents[2]
CALLS = {"_", "t", "gettext", "N_"}
KV_CALL = re.compile(r"""\bt\((['"])(.+?)\1""")


def _called(tree: ast.AST):
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        first = node.args[0]
        if name in CALLS and isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield first.value


def _tables(tree: ast.Module):
    """Sentences in the module's upper-case constants (one word is a key, not a message)."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper()
                                                for t in node.targets):
            for value in ast.walk(node.value):
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and " " in value.value:
                    yield value.value


def shown_strings() -> dict[str, str]:
    """message -> where it is (the first place found)."""
    found: dict[str, str] = {}
    for kv in sorted((ROOT / "screens").rglob("*.kv")):
        for match in KV_CALL.finditer(kv.read_text(encoding="utf-8")):
            found.setdefault(match.group(2), kv.relative_to(ROOT).as_posix())
    for folder in ("screens", "kiosk", "devices/printer"):
        for py in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(py.read_text(encoding="utf-8"))
            where = py.relative_to(ROOT).as_posix()
            messages = [*_called(tree), *(_tables(tree) if folder != "kiosk" else ())]
            for message in messages:
                found.setdefault(message, where)
    return found


def test_the_scan_finds_the_screens_strings():
    found = shown_strings()
    # one of each kind: a kv call, a Python call, a screen's message table
    assert found["Take a number"].endswith(".kv")
    assert "Printer not configured" in found
    assert found["This terminal has no card reader. Please ask at the front desk."] == "screens/identify.py"
    assert len(found) > 100


def test_every_shown_string_has_a_chinese_translation():
    zh = Translator("zh_CN")
    missing = [f"{where}: {message!r}" for message, where in shown_strings().items()
               if zh.gettext(message) == message]
    assert not missing, "no zh_CN translation in locale/zh_CN/LC_MESSAGES/kiosk.po:\n" + "\n".join(missing)
