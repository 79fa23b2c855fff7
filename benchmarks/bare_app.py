"""The HTTP write baseline: a bare FastAPI app with one asyncpg pool, answering a POST
with one INSERT. What the platform's write does on top (token, scope, reference data,
the aggregate's rules, the outbox row in the same transaction) is what is measured."""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from uuid import uuid4

import asyncpg
from fastapi import FastAPI
from pydantic import BaseModel

DSN = os.environ.get("BARE_DSN", "postgresql://postgres@127.0.0.1:55432/bare")
TABLE = "CREATE TABLE IF NOT EXISTS bare_noodsteunpunten (id uuid PRIMARY KEY, municipality text, name text)"


class Registration(BaseModel):
    name: str


@asynccontextmanager
async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
    app.state.pool = await asyncpg.create_pool(DSN, min_size=10, max_size=10)
    await app.state.pool.execute(TABLE)
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


@app.post("/municipalities/{municipality_code}/noodsteunpunten", status_code=201)
async def register(municipality_code: str, registration: Registration) -> dict[str, str]:
    nsp_id = uuid4()
    await app.state.pool.execute("INSERT INTO bare_noodsteunpunten VALUES ($1, $2, $3)",
                                 nsp_id, municipality_code, registration.name)
    return {"id": str(nsp_id)}
