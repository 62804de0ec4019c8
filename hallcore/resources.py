"""Where the files the programs read at run time live, besides code: fonts and images
(``assets/``) and the compiled message catalogues (``locale/``).

In a checkout they sit at the top of the tree. An installed wheel carries them in the package
``hallkiosk_data`` (setup.py puts them there, the catalogues compiled), since a wheel can only
install into site-packages, where top-level folders named ``assets`` and ``locale`` would
collide with other projects'.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_path", "CHECKOUT", "PACKAGED"]

CHECKOUT = Path(__file__).resolve().parent.parent
PACKAGED = CHECKOUT / "hallkiosk_data"   # site-packages/hallkiosk_data, in an installed wheel


def data_path(*parts: str) -> Path:
    """``assets/...`` or ``locale/...``: the checkout's, else the installed wheel's."""
    checkout = CHECKOUT.joinpath(*parts)
    if (CHECKOUT / parts[0]).is_dir():
        return checkout
    return PACKAGED.joinpath(*parts)
