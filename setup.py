"""The build's one addition to pyproject.toml: the wheel carries what the programs read at run
time besides code, in the package ``hallkiosk_data`` (hallcore/resources.py finds it there):
``assets/`` as it is (fonts, images) and ``locale/`` compiled (each .po as its .mo, with
msgfmt from the gettext package, as `python -m kiosk.i18n compile` does)."""

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DATA = "hallkiosk_data"


class build_py_with_data(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / DATA
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(HERE / "assets", target / "assets")
        for po in sorted((HERE / "locale").rglob("*.po")):
            mo = target / "locale" / po.relative_to(HERE / "locale").with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)
        (target / "__init__.py").write_text('"""Fonts, images and message catalogues (hallcore/resources.py)."""\n')


setup(cmdclass={"build_py": build_py_with_data})
