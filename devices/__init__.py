"""Device drivers: one package per device (protocol, transport, emulator); manager.py builds them."""
