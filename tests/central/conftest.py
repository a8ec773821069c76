"""The centre fixtures live in tests/fixtures/centre.py (shared with the kiosk's tests)."""

from tests.fixtures.centre import Centre, SmtpSink, free_port

__all__ = ["Centre", "SmtpSink", "free_port"]
