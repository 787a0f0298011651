"""A scripted LTI 1.3 platform for the tests: it keeps its own key pair and signs launch messages
(resource link and deep linking) with PyJWT, and — when `serve()` is called — answers over real
HTTP as a platform does: the OAuth2 token endpoint (checking the tool's signed client assertion),
Assignment and Grade Services line items and scores, and the Names and Role Provisioning roster."""

from __future__ import annotations

import functools
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
from django.test import Client
from django.urls import reverse
from jwcrypto.jwk import JWK

from verksam.web.lti.admin import new_key_pair
from verksam.web.lti.models import Platform

ISSUER = "https://moodle.example.edu"
CLIENT_ID = "verksam-tool"
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
STAFF = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Staff"
AGS_SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
]


class Services:
    """What the platform's service endpoints received and hold."""

    def __init__(self, tool_public_pem: str) -> None:
        self.tool_public_pem = tool_public_pem
        self.tokens: dict[str, list[str]] = {}  # access token -> scopes
        self.lineitems: list[dict[str, Any]] = []
        self.scores: list[tuple[str, dict[str, Any]]] = []  # (line item id, score)
        self.members: list[dict[str, Any]] = []
        self.refused: list[str] = []
        self.base = ""


def _handler(services: Services) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: Any, content_type: str = "application/json") -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length", 0)))

        def _authorised(self, scope: str) -> bool:
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            if scope in services.tokens.get(token, []):
                return True
            services.refused.append(self.path)
            self._send(401, {"error": "invalid_token"})
            return False

        def do_POST(self) -> None:
            path = urlparse(self.path).path
            if path == "/token":
                form = {k: v[0] for k, v in parse_qs(self._body().decode()).items()}
                try:
                    claims = jwt.decode(
                        form["client_assertion"], services.tool_public_pem, algorithms=["RS256"],
                        audience=f"{services.base}/token",
                    )  # fmt: skip
                    assert claims["iss"] == claims["sub"] == CLIENT_ID
                    assert form["grant_type"] == "client_credentials"
                except Exception as exc:  # any defect: the platform refuses, as a real one does
                    services.refused.append(f"token: {exc}")
                    self._send(400, {"error": "invalid_client"})
                    return
                token = secrets.token_hex(16)
                services.tokens[token] = form.get("scope", "").split()
                self._send(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})
            elif path == "/lineitems":
                if self._authorised(AGS_SCOPES[0]):
                    item = json.loads(self._body()) | {
                        "id": f"{services.base}/lineitems/{len(services.lineitems) + 1}"
                    }
                    services.lineitems.append(item)
                    self._send(201, item, "application/vnd.ims.lis.v2.lineitem+json")
            elif path.startswith("/lineitems/") and path.endswith("/scores"):
                if self._authorised(AGS_SCOPES[1]):
                    line = f"{services.base}{path.removesuffix('/scores')}"
                    services.scores.append((line, json.loads(self._body())))
                    self._send(200, {})
            else:
                self._send(404, {})

        def do_GET(self) -> None:
            path = urlparse(self.path).path
            if path == "/lineitems":
                if self._authorised(AGS_SCOPES[0]):
                    self._send(
                        200, services.lineitems, "application/vnd.ims.lis.v2.lineitemcontainer+json"
                    )
            elif path == "/memberships":
                scope = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
                if self._authorised(scope):
                    body = {"id": f"{services.base}/memberships",
                            "context": {"id": "moodle-course-42"}, "members": services.members}  # fmt: skip
                    self._send(
                        200, body, "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
                    )
            else:
                self._send(404, {})

    return Handler


@functools.cache
def _keys() -> tuple[JWK, str, str]:
    """The platform's key and the tool's key pair, made once per test run (RSA generation is the
    slow part of every LTI test)."""
    tool_private, tool_public = new_key_pair()
    return JWK.generate(kty="RSA", size=2048, kid="platform-key-1"), tool_private, tool_public


class ScriptedPlatform:
    """Plays the learning platform: keeps its own key pair and signs launch messages."""

    def __init__(self) -> None:
        self.key, tool_private, tool_public = _keys()
        self.private_pem = self.key.export_to_pem(private_key=True, password=None)
        public = json.loads(self.key.export_public())
        public.update({"alg": "RS256", "use": "sig"})
        self.row = Platform.objects.create(
            name="Moodle", issuer=ISSUER, client_id=CLIENT_ID,
            auth_login_url=f"{ISSUER}/mod/lti/auth.php",
            auth_token_url=f"{ISSUER}/mod/lti/token.php",
            key_set={"keys": [public]}, deployment_ids=["1"],
            tool_private_key=tool_private, tool_public_key=tool_public,
        )  # fmt: skip
        self.services: Services | None = None
        self._server: ThreadingHTTPServer | None = None

    # --- the platform's services over HTTP ---------------------------------------------------
    def serve(self) -> Services:
        """Start the token, AGS and NRPS endpoints on a free local port."""
        self.services = Services(self.row.tool_public_key)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.services))
        self.services.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.row.auth_token_url = f"{self.services.base}/token"
        self.row.save()
        return self.services

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def service_claims(self, lineitem: bool = False) -> dict[str, Any]:
        """The AGS and NRPS claims a launch carries when the platform offers its services."""
        assert self.services is not None
        base = self.services.base
        ags: dict[str, Any] = {"scope": AGS_SCOPES, "lineitems": f"{base}/lineitems"}
        if lineitem:
            ags["lineitem"] = f"{base}/lineitems/1"
        return {
            AGS_CLAIM: ags,
            NRPS_CLAIM: {"context_memberships_url": f"{base}/memberships",
                         "service_versions": ["2.0"]},
        }  # fmt: skip

    # --- launches ---------------------------------------------------------------------------
    def login(self, client: Client, hint: str = "user-hint") -> dict[str, str]:
        """Step 1: third-party initiated login; returns the auth request's parameters."""
        response = client.get(
            reverse("lti:login"),
            {"iss": ISSUER, "login_hint": hint, "client_id": CLIENT_ID,
             "target_link_uri": "http://testserver/lti/launch/", "lti_message_hint": "m1"},
        )  # fmt: skip
        assert response.status_code == 302, response.content
        location = urlparse(response["Location"])
        assert (
            f"{location.scheme}://{location.netloc}{location.path}" == f"{ISSUER}/mod/lti/auth.php"
        )
        return {k: v[0] for k, v in parse_qs(location.query).items()}

    def id_token(self, auth: dict[str, str], **overrides: Any) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": ISSUER, "aud": CLIENT_ID, "sub": "moodle-user-7", "iat": now, "exp": now + 300,
            "nonce": auth["nonce"], "given_name": "Kari", "family_name": "Nordmann",
            "email": "kari@example.no",
            f"{CLAIM}message_type": "LtiResourceLinkRequest", f"{CLAIM}version": "1.3.0",
            f"{CLAIM}deployment_id": "1", f"{CLAIM}target_link_uri": "http://testserver/lti/launch/",
            f"{CLAIM}resource_link": {"id": "link-1", "title": "Verksam"},
            f"{CLAIM}roles": [INSTRUCTOR],
            f"{CLAIM}context": {"id": "moodle-course-42", "title": "Prosesskartlegging"},
            f"{CLAIM}launch_presentation": {"locale": "nb-NO"},
        }  # fmt: skip
        claims.update(overrides)
        key = overrides.pop("_key", self.private_pem)
        claims.pop("_key", None)
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "platform-key-1"})

    def launch(self, client: Client, **overrides: Any) -> Any:
        auth = self.login(client)
        token = self.id_token(auth, **overrides)
        return client.post(reverse("lti:launch"), {"id_token": token, "state": auth["state"]})

    @staticmethod
    def deep_linking_claims() -> dict[str, Any]:
        """What a teacher's "add an activity" launch carries: the platform asks for content items."""
        return {
            f"{CLAIM}message_type": "LtiDeepLinkingRequest",
            f"{DL_CLAIM}deep_linking_settings": {
                "deep_link_return_url": f"{ISSUER}/mod/lti/contentitem_return.php",
                "accept_types": ["ltiResourceLink"], "accept_presentation_document_targets":
                ["iframe", "window"], "accept_multiple": False, "data": "moodle-dl-data-5",
            },
        }  # fmt: skip

    def deep_linking_launch(self, client: Client, **overrides: Any) -> Any:
        claims = self.deep_linking_claims() | overrides
        auth = self.login(client)
        token = self.id_token(auth, **claims)
        return client.post(reverse("lti:launch"), {"id_token": token, "state": auth["state"]})
