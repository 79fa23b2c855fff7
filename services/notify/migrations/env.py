from shared.db.migrations import run_env
from services.notify.adapters.tables import metadata

run_env(metadata)
