"""Data files of the inventory service (the default standard), shipped with the package."""
