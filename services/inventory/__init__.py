"""Inventory service: the noodsteunpunten registry, inventory rounds, pilots and the national picture."""
