"""Funding service: the programme budget, allocation over the 25 regions, commitments, joint decisions and the ledger."""
