from shared.db.migrations import run_env
from services.funding.adapters.tables import metadata

run_env(metadata)
