"""Schemathesis hooks for Dateline's API: every Content API call carries the content key and
every Admin API call a fresh token signed by the admin key, both from the environment, so the
generated requests reach the endpoints rather than only the key checks."""

import base64
import hashlib
import hmac
import json
import os
import time

import schemathesis

CONTENT_KEY = os.environ["DATELINE_CONTENT_KEY"]
ADMIN_KEY = os.environ["DATELINE_ADMIN_KEY"]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def admin_token() -> str:
    key_id, secret = ADMIN_KEY.split(":")
    now = int(time.time())
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": key_id}).encode())
    claims = _b64(json.dumps({"iat": now, "exp": now + 300, "aud": "/admin/"}).encode())
    signed = f"{header}.{claims}"
    signature = hmac.new(bytes.fromhex(secret), signed.encode(), hashlib.sha256).digest()
    return f"{signed}.{_b64(signature)}"


@schemathesis.hook
def before_call(context, case, **kwargs):
    if case.path.startswith("/ghost/api/content/"):
        case.query = {**(case.query or {}), "key": CONTENT_KEY}
    elif case.path.startswith("/ghost/api/admin/"):
        case.headers = {**(case.headers or {}), "Authorization": f"Ghost {admin_token()}"}
