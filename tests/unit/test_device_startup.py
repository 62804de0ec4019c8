"""Building the terminal's devices (on the UI thread, before the first frame) loads no heavy
library: OpenCV, pyscard and python-escpos's capability database load in the devices' own
threads or on the first print. Each cost start-up time (bench startup, python -X importtime)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["cv2", "numpy", "smartcard", "escpos.capabilities", "yaml", "serial"]


def test_building_every_device_imports_no_heavy_library():
    script = textwrap.dedent(f"""
        import sys
        from devices.manager import DeviceManager
        from hallcore.terminal_settings import KioskSettings

        settings = KioskSettings.model_validate({{"devices": {{"idcard": {{"port": "/dev/null"}}}}}})
        manager = DeviceManager(settings.devices)
        manager.build()
        assert sorted(manager.devices) == ["camera", "idcard", "printer", "smartcard"], manager.health()
        print(sorted(m for m in {HEAVY!r} if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"


def test_a_missing_library_still_disables_its_device_with_the_reason():
    script = textwrap.dedent("""
        import sys
        sys.modules["cv2"] = None  # as if OpenCV were not installed
        from devices.manager import DeviceManager
        from hallcore.terminal_settings import KioskSettings

        manager = DeviceManager(KioskSettings().devices)
        manager.build(["camera"])
        print(manager.health()["camera"].reason)
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "OpenCV" in out.stdout and "not installed" in out.stdout
