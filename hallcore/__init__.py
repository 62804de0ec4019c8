"""What the terminal and the central service share: one rule, written once, imported by both.

Quiz scoring and bank parsing (``hallcore.quiz``), masking of personal data
(``hallcore.masking``), the TOML settings loader (``hallcore.config``), the terminal's
settings schema (``hallcore.terminal_settings``), the keys staff may set remotely
(``hallcore.remote_config``) and release signatures, checked at upload and before install
(``hallcore.releases``).

The arrows point one way: kiosk/, screens/, devices/ and central/ import hallcore, and
hallcore imports none of them, nor Kivy nor FastAPI, so the central service installs and
runs without the terminal's stack (tests/unit/test_architecture.py holds this).
"""

__all__: list[str] = []
