"""The hall terminal: app wiring, config, visitor session, local store, sync, i18n and CLI."""

__version__ = "0.1.0"
