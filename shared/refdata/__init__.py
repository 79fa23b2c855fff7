"""The 25 safety regions and all municipalities, with population: the project's own data file.

Copied from the programme's reference data with its sources (``data/SOURCES.md``).
"""

from shared.refdata.loader import Municipality, ReferenceData, SafetyRegion, load_reference_data

__all__ = ["Municipality", "ReferenceData", "SafetyRegion", "load_reference_data"]
