"""Starting, stopping and calling a published Ludmin on loopback, for the reliability cases."""
import http.client
import json
import os
import signal
import socket
import subprocess
import time
import uuid

SIGNING_KEY = "reliability-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PASSWORD = "correct horse battery"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def email(prefix="user"):
    return f"{prefix}.{uuid.uuid4().hex[:12]}@example.com"


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def json(self):
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None

    @property
    def code(self):
        return (self.json or {}).get("code") if isinstance(self.json, dict) else None


def call(port, method, path, token=None, body=None, timeout=30, connection=None):
    """One request; a new connection unless one is given. Raises OSError/HTTPException on transport failures."""
    own = connection is None
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    try:
        conn.request(method, path, body=data, headers=headers)
        r = conn.getresponse()
        payload = r.read()
        result = Response(r.status, {k.lower(): v for k, v in r.getheaders()}, payload)
        if r.getheader("Connection", "").lower() == "close" and not own:
            conn.close()
        return result
    finally:
        if own:
            conn.close()


class Server:
    """dotnet <app>/Ludmin.Api.dll, Production settings, loopback only, its log in a file."""

    def __init__(self, app, data, log, cwd=None, **settings):
        self.app, self.data, self.log_path, self.cwd = app, data, log, cwd or data
        self.port = free_port()
        self.settings = settings
        self.process = None

    def env(self):
        env = dict(os.environ)
        env.update({
            "LUDMIN_CONFIG": "production",
            "Urls": f"http://127.0.0.1:{self.port}",
            "Ludmin__DataDirectory": self.data,
            "Ludmin__Tokens__SigningKey": SIGNING_KEY,
            "Ludmin__Tokens__PublicBaseUrl": f"http://127.0.0.1:{self.port}",
            "Ludmin__RateLimits__Enabled": "false",
            # The cases are about the store, not hashing: a cheap Argon2 lets a small machine load it.
            "Ludmin__Passwords__Argon2__MemoryKiB": "1024",
            "Ludmin__Passwords__Argon2__Iterations": "1",
            "Ludmin__Passwords__HashQueueLength": "500",
            "Ludmin__Storage__Sqlite__ProbeInterval": "00:00:01",
            "Ludmin__Shutdown__Drain": "00:00:00",
        })
        for key, value in self.settings.items():
            if value is None:  # None: the shipped default, whatever the line above set
                env.pop(key.replace(":", "__"), None)
            else:
                env[key.replace(":", "__")] = str(value)
        return env

    def start(self):
        if self.data:
            os.makedirs(self.data, exist_ok=True)
        self.started_at = time.monotonic()
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(["dotnet", os.path.join(self.app, "Ludmin.Api.dll")], cwd=self.cwd,
                                        env=self.env(), stdout=log, stderr=subprocess.STDOUT)
        log.close()
        return self

    def wait_ready(self, timeout=60):
        """Seconds from start to the first 200 of /health/ready; raises if it never comes or the process dies."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}; see {self.log_path}")
            try:
                if call(self.port, "GET", "/health/ready", timeout=2).status == 200:
                    return time.monotonic() - self.started_at
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"not ready within {timeout} s; see {self.log_path}")

    def ready(self):
        r = call(self.port, "GET", "/health/ready", timeout=10)
        return r.status, r.json

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)

    def terminate(self, wait=True):
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            if wait:
                self.process.wait(60)

    def log_text(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    # The calls the cases make.
    def public_token(self):
        return call(self.port, "POST", "/tokens/public", body={"device_id": uuid.uuid4().hex}).json["token"]

    def register(self, address, token=None, password=PASSWORD, connection=None):
        return call(self.port, "POST", "/users", token or self.public_token(), {
            "full_name": "Ann Lee", "email": address, "password": password, "password_confirmation": password},
            connection=connection)

    def login(self, address, password=PASSWORD, token=None, connection=None):
        return call(self.port, "POST", "/tokens", token or self.public_token(),
                    {"email": address, "password": password, "description": "reliability"}, connection=connection)
