"""Browser libraries the console serves from npm packages, not from the repository: each
is installed by scripts/setup.sh under ``server.npm_dir`` (``npm install --prefix``) and
served at ``/static/vendor/<name>``. A missing one answers 404 and the page that uses it
goes on without (the door page then takes the code typed or pasted).

| name     | package (licence)  | used by |
|----------|--------------------|---------|
| jsQR.js  | jsqr 1.x (Apache-2.0) | the door page: QR codes in the phone camera's frames, where the browser has no BarcodeDetector |
"""

from __future__ import annotations

from pathlib import Path

from central.settings import ROOT

__all__ = ["FILES", "path_of"]

#: served name -> the file inside the npm prefix
FILES = {"jsQR.js": "node_modules/jsqr/dist/jsQR.js"}


def path_of(npm_dir: str, name: str) -> Path | None:
    """The installed file served as ``name``, or None (unknown name, or not installed)."""
    if name not in FILES:
        return None
    prefix = Path(npm_dir)
    path = (prefix if prefix.is_absolute() else ROOT / prefix) / FILES[name]
    return path if path.is_file() else None
