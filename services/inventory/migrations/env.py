from shared.db.migrations import run_env
from services.inventory.adapters.tables import metadata

run_env(metadata)
