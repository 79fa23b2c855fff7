"""Human-facing output in one place: Dutch number, money, percentage and date formats,
documents rendered from one HTML template to the web and to PDF, charts, and the CSV
files people open in Excel (and the clean-up of the CSV files they send in).

Machine outputs (JSON APIs, events) never pass through here: they stay stable.
"""
