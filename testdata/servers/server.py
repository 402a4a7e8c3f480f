#!/usr/bin/env python3
"""A token server in Python that follows tokenlab serve's contract, for
`tokenlab check --api` to be tested against a server it did not write:

    python3 server.py [--fault NAME]

With --fault it is broken in exactly one way:

    status-401          an unknown, expired or revoked refresh token is 401, not 400
    no-rotation         a refresh gives back the same refresh token, still valid
    no-reuse-detection  a rotated token used again is refused, but its login is not revoked
    refresh-after-revoke  /revoke answers 200 and revokes nothing
    expiry-off-by-one   an access token is refused when its expiry equals the time

It listens on 127.0.0.1 on a free port and prints the port on its first
line. Only the standard library; one process, one lock.
"""
import argparse, json, secrets, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

ACCESS_TTL, REFRESH_TTL = 100, 1000
USERS = {"alice": "alice-demo", "bob": "bob-demo", "carol": "carol-demo"}


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.now = 120
        self.access = {}   # token -> [user, expires, family]
        self.refresh = {}  # token -> [user, expires, family, used]
        self.revoked = set()
        self.family_access = {}
        self.families = 0

    def issue(self, user, family):
        access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self.access.pop(self.family_access.get(family), None)
        self.family_access[family] = access
        self.access[access] = [user, self.now + ACCESS_TTL, family]
        self.refresh[refresh] = [user, self.now + REFRESH_TTL, family, False]
        return {"access_token": access, "refresh_token": refresh, "token_type": "Bearer", "expires_in": ACCESS_TTL}


def handler(state, fault):
    class H(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, status, body, headers=()):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def body(self):
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def form(self):
            return {k: v[0] for k, v in parse_qs(self.body().decode()).items()}

        def do_GET(self):
            if self.path != "/me":
                return self.reply(405 if self.path in ("/login", "/token", "/revoke", "/clock") else 404, {"error": "invalid_request"})
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Bearer "):
                return self.reply(401, {"error": "invalid_request"}, [("WWW-Authenticate", 'Bearer realm="server.py"')])
            bad = [("WWW-Authenticate", 'Bearer realm="server.py", error="invalid_token"')]
            with state.lock:
                t = state.access.get(auth[7:])
                if t is None or t[2] in state.revoked:
                    return self.reply(401, {"error": "invalid_token"}, bad)
                expired = t[1] <= state.now if fault == "expiry-off-by-one" else t[1] < state.now
                if expired:
                    return self.reply(401, {"error": "invalid_token"}, bad)
                return self.reply(200, {"user": t[0]})

        def do_POST(self):
            with state.lock:
                if self.path == "/login":
                    try:
                        b = json.loads(self.body())
                        user, password = b["username"], b["password"]
                    except (ValueError, KeyError, TypeError):
                        return self.reply(400, {"error": "invalid_request"})
                    if USERS.get(user) != password:
                        return self.reply(401, {"error": "invalid_login"})
                    state.families += 1
                    return self.reply(200, state.issue(user, state.families))
                if self.path == "/token":
                    f = self.form()
                    if "grant_type" not in f:
                        return self.reply(400, {"error": "invalid_request"})
                    bad = 401 if fault == "status-401" else 400
                    t = state.refresh.get(f.get("refresh_token", ""))
                    if t is None or t[2] in state.revoked or t[1] < state.now:
                        return self.reply(bad, {"error": "invalid_grant"})
                    if t[3]:
                        if fault != "no-reuse-detection":
                            state.revoked.add(t[2])
                        return self.reply(bad, {"error": "invalid_grant"})
                    if fault == "no-rotation":
                        pair = state.issue(t[0], t[2])
                        del state.refresh[pair["refresh_token"]]
                        pair["refresh_token"] = f["refresh_token"]
                        return self.reply(200, pair)
                    t[3] = True
                    return self.reply(200, state.issue(t[0], t[2]))
                if self.path == "/revoke":
                    tok = self.form().get("token", "")
                    t = state.refresh.get(tok) or state.access.get(tok)
                    if t is not None and fault != "refresh-after-revoke":
                        state.revoked.add(t[2])
                    return self.reply(200, {})
                if self.path == "/clock":
                    b = json.loads(self.body())
                    state.now = b["now"] if "now" in b else state.now + b["advance"]
                    return self.reply(200, {"now": state.now})
                return self.reply(405 if self.path == "/me" else 404, {"error": "invalid_request"})

    return H


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--fault", default="")
    args = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(State(), args.fault))
    print(server.server_address[1], flush=True)
    server.serve_forever()


main()
