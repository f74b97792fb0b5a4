"""MMI Desktop: case tracking for California workers' compensation firms."""

__version__ = "0.1.0"
