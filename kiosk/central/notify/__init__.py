"""Notifications of the centre: texts, SMTP and SMS gateway clients, the spool, the dispatcher."""
