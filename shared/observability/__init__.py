"""Metrics, traces and structured logs: what an operator sees of every service."""
