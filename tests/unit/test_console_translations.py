"""Every word the staff console shows has a Simplified Chinese translation.

Templates hand their strings to ``_("...")``; the console's Python marks the ones it keeps
in tables with ``N_("...")`` (central.i18n) and translates them where they are shown.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from central.i18n import catalogue

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_CALL = re.compile(r"""\b_\(\s*(['"])(.+?)(?<!\\)\1""")


def console_strings() -> dict[str, str]:
    """message -> where it is (the first place found)."""
    found: dict[str, str] = {}
    for page in sorted((ROOT / "central" / "templates").rglob("*.html")):
        for match in TEMPLATE_CALL.finditer(page.read_text(encoding="utf-8")):
            found.setdefault(match.group(2), page.relative_to(ROOT).as_posix())
    for py in sorted((ROOT / "central").rglob("*.py")):
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "N_") and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, py.relative_to(ROOT).as_posix())
    return found


def test_the_scan_finds_the_consoles_strings():
    found = console_strings()
    assert found["Staff log in"] == "central/templates/console/login.html"
    assert found["Hall manager"] == "central/i18n.py"


def test_every_console_string_has_a_chinese_translation():
    zh = catalogue("zh_CN")
    missing = [f"{where}: {message!r}" for message, where in console_strings().items()
               if zh.gettext(message) == message]
    assert not missing, ("no zh_CN translation in locale/zh_CN/LC_MESSAGES/central.po:\n"
                         + "\n".join(missing))


def test_english_is_the_message_itself():
    assert catalogue("en").gettext("Staff log in") == "Staff log in"


def test_console_scripts_say_nothing_in_a_fixed_language():
    """A script's words come from its page (a JSON block of translated strings or data-
    attributes); a Chinese string literal in a script is a word gettext never sees. The
    public hall board shows both languages at once on purpose (board.js)."""
    literal = re.compile(r"""(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1""")
    cjk = re.compile(r"[\u4e00-\u9fff]")
    fixed = []
    for script in sorted((ROOT / "central" / "static" / "console").glob("*.js")):
        if script.name == "board.js":
            continue
        for number, line in enumerate(script.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("//")[0] if not line.lstrip().startswith("//") else ""
            fixed += [f"{script.name}:{number}: {m.group(0)}" for m in literal.finditer(code)
                      if cjk.search(m.group(2))]
    assert not fixed, "\n".join(fixed)
