"""Outbound email: the outbox every message passes through, and the SMTP sender."""
