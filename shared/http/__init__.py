"""The HTTP edge every service shares: the app factory, problem details, paging,
request limits, response headers and the common dependencies (NL GOV API Design Rules)."""
