"""A small OpenID Connect provider for the sign-in test, served over real HTTP in its own
thread: discovery, authorization endpoint (the person is chosen by the test), token endpoint
with PKCE, and the JWKS its RS256 keys are published at. It issues the platform's access
tokens (role, region, municipality) the way the programme's real issuer must."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from tests.support.running import free_port

CLIENT_ID, CLIENT_SECRET, AUDIENCE = "weerbaar-portaal", "portal-client-secret", "weerbaar"


@dataclass
class Provider:
    port: int = field(default_factory=free_port)
    claims: dict[str, Any] = field(default_factory=dict)  # who signs in next
    key: Any = field(default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/.well-known/openid-configuration")
        async def discovery() -> dict[str, Any]:
            return {"issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
                    "token_endpoint": f"{self.issuer}/token", "jwks_uri": f"{self.issuer}/jwks",
                    "response_types_supported": ["code"], "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"], "code_challenge_methods_supported": ["S256"],
                    "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]}

        @app.get("/jwks")
        async def jwks() -> dict[str, Any]:
            public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
            return {"keys": [{**public, "kid": "test-key", "use": "sig", "alg": "RS256"}]}

        @app.get("/authorize")
        async def authorize(request: Request) -> RedirectResponse:
            q = request.query_params
            if q.get("client_id") != CLIENT_ID or q.get("response_type") != "code":
                raise HTTPException(400, "unknown client")
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"nonce": q.get("nonce"), "challenge": q.get("code_challenge"),
                                "redirect_uri": q["redirect_uri"], "claims": dict(self.claims)}
            return RedirectResponse(f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}", 302)

        @app.post("/token")
        async def token(request: Request, code: str = Form(), code_verifier: str = Form(),
                        redirect_uri: str = Form()) -> dict[str, Any]:
            grant = self.codes.pop(code, None)
            if grant is None or grant["redirect_uri"] != redirect_uri or not _client_authenticated(request, await request.form()):
                raise HTTPException(400, "invalid_grant")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(code_verifier.encode()).digest()).rstrip(b"=").decode()
            if challenge != grant["challenge"]:
                raise HTTPException(400, "invalid_grant (PKCE)")
            now = int(time.time())
            common = {"iss": self.issuer, "iat": now, "exp": now + 600, "sub": grant["claims"]["sub"]}
            access = self._sign({**common, "aud": AUDIENCE, **grant["claims"]})
            identity = self._sign({**common, "aud": CLIENT_ID, "nonce": grant["nonce"], "name": grant["claims"].get("name")})
            return {"access_token": access, "id_token": identity, "token_type": "Bearer", "expires_in": 600}

        return app

    def _sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "test-key"})

    def serve_in_thread(self) -> uvicorn.Server:
        server = uvicorn.Server(uvicorn.Config(self.app(), host="127.0.0.1", port=self.port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        return server


def _client_authenticated(request: Request, form: Any) -> bool:
    basic = request.headers.get("authorization", "")
    if basic.startswith("Basic "):
        return base64.b64decode(basic[6:]).decode() == f"{CLIENT_ID}:{CLIENT_SECRET}"
    return form.get("client_id") == CLIENT_ID and form.get("client_secret") == CLIENT_SECRET
