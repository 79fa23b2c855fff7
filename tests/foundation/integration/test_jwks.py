"""Production verification: tokens signed by an OIDC provider, checked against its JWKS address.
The provider here is a real HTTP server on loopback publishing a freshly made RSA key."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from shared.auth.principal import Role
from shared.auth.tokens import InvalidToken, TokenVerifier
from shared.refdata import load_reference_data
from shared.settings import AuthSettings


@pytest.fixture(scope="module")
def provider():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = {**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": "test-key", "use": "sig", "alg": "RS256"}
    body = json.dumps({"keys": [jwk]}).encode()

    class Keys(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Keys)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield key, f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json"
    server.shutdown()


def claims(**extra):
    return {"sub": "oidc-user", "role": "region", "region": "VR21", "iss": "weerbaar-local", "aud": "weerbaar",
            "exp": 4_102_444_800, **extra}


def test_a_token_signed_by_the_providers_key_verifies(provider):
    key, url = provider
    verifier = TokenVerifier(AuthSettings(jwks_url=url), load_reference_data())
    token = jwt.encode(claims(), key, algorithm="RS256", headers={"kid": "test-key"})
    principal = verifier.verify(token)
    assert principal.role is Role.REGION and principal.region_code == "VR21"


def test_a_locally_signed_token_is_refused_when_a_provider_is_configured(provider):
    _, url = provider
    verifier = TokenVerifier(AuthSettings(jwks_url=url), load_reference_data())
    local = jwt.encode(claims(), AuthSettings().signing_key.get_secret_value(), algorithm="HS256")
    with pytest.raises(InvalidToken):
        verifier.verify(local)
