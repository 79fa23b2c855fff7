"""Notify service: subscriptions, email and signed webhooks, the in-app feed, the board memo and reminders."""
