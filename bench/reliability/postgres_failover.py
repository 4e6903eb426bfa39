#!/usr/bin/python3
"""
Ludmin's PostgreSQL failover, proven (issue 18 §3). A primary and a synchronous standby on
loopback; two published Ludmin instances on one multi-host connection string with
`Target Session Attributes=primary`; a write load (registrations, logins, refreshes, password
changes, each request sent to either instance) that records every ACKNOWLEDGED write (2xx) in a
ledger; the primary SIGKILLed (the postmaster and every backend at once, as a crash of its
machine), the standby promoted with `pg_ctl promote` and its copied synchronous_standby_names
cleared, as the operator must; then the ledger checked on the new primary.
Usage: postgres_failover.py --app DIR --work DIR [--before S] [--after S] [--detect S] [--threads N] [--host-recheck S]
                            [--skip-operator-step]
       postgres_failover.py --work DIR --stop-clusters   (what the wrapper's cleanup runs)
"""
import argparse
import base64
import collections
import glob
import http.client
import json
import os
import pwd
import random
import signal
import subprocess
import sys
import threading
import time
import uuid

from ludmin import Server, call, email, free_port

ROOT = os.geteuid() == 0


def pg_binaries():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        sys.exit("no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)")
    return os.path.dirname(found[-1])


class Cluster:
    """One PostgreSQL server in <work>/<name>, on a free loopback port; as the postgres user when root."""

    def __init__(self, work, name, port=None):
        self.bin, self.dir, self.name = pg_binaries(), os.path.join(work, name), name
        self.port = port or free_port()
        self.log = os.path.join(work, f"{name}.log")

    def run(self, *args):
        command = [os.path.join(self.bin, args[0]), *args[1:]]
        if ROOT:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])}: {result.stderr.strip() or result.stdout.strip()}")
        return result.stdout

    def own(self, path):
        if ROOT:
            user = pwd.getpwnam("postgres")
            os.chown(path, user.pw_uid, user.pw_gid)

    def configure(self, lines):
        with open(os.path.join(self.dir, "postgresql.conf"), "a") as conf:
            conf.write("\n".join(lines) + "\n")

    def init_primary(self):
        os.makedirs(self.dir, mode=0o700)
        self.own(self.dir)
        self.run("initdb", "-D", self.dir, "-A", "trust", "-U", "postgres", "--no-instructions")
        # fsync and synchronous_commit stay at their defaults (on): the run is about durability.
        self.configure([f"port = {self.port}", "listen_addresses = '127.0.0.1'", f"unix_socket_directories = '{self.dir}'",
                        "wal_level = replica", "max_wal_senders = 5", "hot_standby = on"])

    def base_backup_from(self, primary):
        os.makedirs(self.dir, mode=0o700)
        self.own(self.dir)
        self.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", "-D", self.dir, "-R", "-X", "stream")
        # The copy carries the primary's settings, synchronous_standby_names included (as a real
        # standby's would); only where it listens is its own.
        self.configure([f"port = {self.port}", f"unix_socket_directories = '{self.dir}'"])

    def start(self):
        open(self.log, "a").close()
        self.own(self.log)
        self.run("pg_ctl", "-D", self.dir, "-l", self.log, "-w", "start")

    def sql(self, statement, database="postgres", timeout=30):
        result = subprocess.run([os.path.join(self.bin, "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                                 "-d", database, "-AtX", "-v", "ON_ERROR_STOP=1", "-c", statement],
                                capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"psql on {self.name}: {result.stderr.strip()}")
        return result.stdout.strip()

    def postmaster_pid(self):
        try:
            with open(os.path.join(self.dir, "postmaster.pid")) as f:
                return int(f.readline())
        except (OSError, ValueError):
            return None

    def crash(self):
        """SIGKILL to the postmaster and all its children at once: the machine is gone, nothing is flushed or said goodbye."""
        pid = self.postmaster_pid()
        children = []
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                with open(stat) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    children.append(int(stat.split("/")[2]))
            except (OSError, ValueError, IndexError):
                pass
        for victim in [pid, *children]:
            try:
                os.kill(victim, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def stop(self):
        if self.postmaster_pid() is not None and os.path.isdir(self.dir):
            subprocess.run((["runuser", "-u", "postgres", "--"] if ROOT else []) +
                           [os.path.join(self.bin, "pg_ctl"), "-D", self.dir, "-m", "immediate", "stop"], capture_output=True)


def claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


class Ledger:
    """Every request's outcome, and per user what was acknowledged (and what is pending: sent, outcome unknown)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.users = []
        self.events = []  # (monotonic time, instance index, operation, status, code)
        self.acknowledged = collections.Counter()
        self.reuse_ended = 0

    def event(self, instance, operation, status, code=None):
        with self.lock:
            self.events.append((time.monotonic(), instance, operation, status, code))
            if status is not None and 200 <= status < 300 and operation != "public":
                self.acknowledged[operation] += 1


class Client(threading.Thread):
    """One user agent: registers users, logs them in, refreshes, changes passwords, each request on a random instance."""

    def __init__(self, servers, ledger, stop, seed):
        super().__init__(daemon=True)
        self.servers, self.ledger, self.stop, self.rng = servers, ledger, stop, random.Random(seed)
        self.mine = []

    def send(self, operation, method, path, token=None, body=None):
        index = self.rng.randrange(len(self.servers))
        try:
            r = call(self.servers[index].port, method, path, token, body, timeout=60)
        except (OSError, http.client.HTTPException):
            self.ledger.event(index, operation, None, "transport")
            return None
        self.ledger.event(index, operation, r.status, r.code)
        return r

    def public_token(self, device):
        for _ in range(100):
            r = self.send("public", "POST", "/tokens/public", body={"device_id": device})
            if r is not None and r.status == 200:
                return r.json["token"]
            time.sleep(0.2)
        raise RuntimeError("no public token")

    def retry_after(self, r):
        time.sleep(min(float((r.headers.get("retry-after") if r else None) or 1), 5))

    def run(self):
        while not self.stop.is_set():
            if not self.mine or self.rng.random() < 0.15:
                self.register()
            else:
                u = self.rng.choice(self.mine)
                step = self.rng.random()
                if u["token"] is None or step < 0.15:
                    self.login(u)
                elif step < 0.65:
                    self.refresh(u)
                elif not u["pending_password"]:
                    self.change_password(u)

    def register(self):
        u = {"email": email("failover"), "password": "pw " + uuid.uuid4().hex, "device": uuid.uuid4().hex, "registered": None,
             "token": None, "session": None, "pending_session": set(), "pending_password": [], "lost_session": False}
        with self.ledger.lock:
            self.ledger.users.append(u)
        token = self.public_token(u["device"])
        r = self.send("register", "POST", "/users", token, {"full_name": "Ann Lee", "email": u["email"],
                                                            "password": u["password"], "password_confirmation": u["password"]})
        if r is not None and r.status == 201:
            u["registered"] = True
            self.mine.append(u)
        elif r is not None and r.status < 500:
            u["registered"] = False  # refused (4xx): nothing to find later
        # 503 or no answer: unknown, the registration may or may not exist; never retried (a new address is cheaper)

    def login(self, u):
        token = self.public_token(u["device"])
        for candidate in [u["password"], *u["pending_password"]]:
            r = self.send("login", "POST", "/tokens", token, {"email": u["email"], "password": candidate, "description": "failover"})
            if r is not None and r.status == 201:
                if candidate != u["password"]:  # the pending change had committed after all
                    u["password"], u["pending_password"] = candidate, []
                self.take(u, r.json["token"])
                return
            if r is None or r.status >= 500:
                u["pending_session"].add(("login", None))  # a new session may or may not have replaced the last one
                self.retry_after(r)
                return

    def take(self, u, token):
        c = claims(token)
        u["token"], u["session"], u["pending_session"], u["lost_session"] = token, (c["sid"], int(c.get("gen", 0))), set(), False

    def refresh(self, u):
        token = u["token"]
        for _ in range(20):  # a client retries a refresh with the same token, as docs/api.md says it may
            r = self.send("refresh", "GET", f"/tokens/{u['device']}", token)
            if r is not None and 200 <= r.status < 300:
                if r.json.get("type") == "refresh":
                    self.take(u, r.json["token"])
                else:  # the session ended: by reuse detection if nothing else ended it
                    with self.ledger.lock:
                        self.ledger.reuse_ended += 1
                    u["token"], u["session"], u["lost_session"] = None, None, True
                return
            if r is not None and r.status < 500:
                return
            sid, gen = u["session"]
            u["pending_session"].add((sid, gen + 1))
            self.retry_after(r)
            if self.stop.is_set():
                return

    def change_password(self, u):
        new = "pw " + uuid.uuid4().hex
        r = self.send("password", "PUT", "/users/me", u["token"], {"password": new, "password_confirmation": new,
                                                                    "current_password": u["password"]})
        if r is not None and r.status == 200:
            u["password"] = new
        elif r is None or r.status >= 500:
            u["pending_password"].append(new)  # may or may not have committed: both stay candidates
            self.retry_after(r)


def verify(primary, servers, ledger):
    """Every acknowledged write, checked on the new primary: registrations' users exist, the last acknowledged
    session (login or refresh) of each user is the one stored (or a later one whose answer was lost), and the
    last acknowledged password logs in (or a later one whose answer was lost)."""
    rows = primary.sql("SELECT e.normalized, d.device_id, d.session_id, d.generation FROM user_emails e "
                       "LEFT JOIN user_devices d ON d.user_id = e.user_id", database="ludmin")
    stored, devices = set(), {}
    for line in rows.splitlines():
        normalized, device, session, generation = line.split("|")
        stored.add(normalized)
        if device:
            devices[(normalized, device)] = (session, int(generation))
    lost, checked = [], {"registrations": 0, "sessions": 0, "passwords": 0}
    for u in ledger.users:
        if not u["registered"]:
            continue
        checked["registrations"] += 1
        if u["email"] not in stored:
            lost.append((u["email"], "registration"))
            continue
        if u["session"] is not None:
            checked["sessions"] += 1
            sid, gen = u["session"]
            found = devices.get((u["email"], u["device"]))
            unanswered = found in u["pending_session"] or (found is not None and ("login", None) in u["pending_session"])
            if found != (sid, gen) and not unanswered:
                lost.append((u["email"], f"session: acknowledged {sid[:8]}/{gen}, stored {found}"))
    for u in ledger.users:
        if u["registered"] and u["email"] in stored:
            checked["passwords"] += 1
            token = servers[0].public_token()
            ok = [p for p in [u["password"], *u["pending_password"]]
                  if call(servers[0].port, "POST", "/tokens", token, {"email": u["email"], "password": p, "description": "verify"}).status == 201]
            if not ok:
                lost.append((u["email"], "password"))
    return lost, checked


def summarize(ledger, killed_at, servers):
    writes = [e for e in ledger.events if e[2] != "public"]
    after = [e for e in writes if e[0] >= killed_at]
    unavailable = [e for e in after if e[3] == 503]
    errors = [e for e in ledger.events if e[3] is not None and e[3] >= 500 and e[3] != 503]
    transport = [e for e in ledger.events if e[3] is None]
    recovered = {}
    for index in range(len(servers)):
        mine = [e for e in after if e[1] == index]
        last_failure = max((e[0] for e in mine if e[3] is None or e[3] >= 500), default=killed_at)
        first_ok = min((e[0] for e in mine if e[3] is not None and 200 <= e[3] < 300 and e[0] > last_failure), default=None)
        recovered[index] = None if first_ok is None else first_ok - killed_at
    return {
        "first_503": min((e[0] for e in unavailable), default=killed_at) - killed_at,
        "last_503": max((e[0] for e in unavailable), default=killed_at) - killed_at,
        "count_503": len(unavailable),
        "codes_503": sorted({e[4] for e in unavailable}),
        "count_500": len(errors),
        "transport": len(transport),
        "recovered": recovered,
        "writes_after": len(after),
    }


def readiness_watch(servers, stop, seen):
    while not stop.is_set():
        for index, s in enumerate(servers):
            try:
                r = call(s.port, "GET", "/health/ready", timeout=60)  # a probe may wait out the store's whole deadline
                status, body = r.status, r.json
                if status == 503:
                    reason = ((body or {}).get("checks", {}).get("store", {}) or {}).get("description", "")
                    if reason not in seen.setdefault(index, []):
                        seen[index].append(reason)
            except (OSError, http.client.HTTPException):
                pass
        time.sleep(0.5)


def wait_streaming(primary, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if primary.sql("SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'") == "1":
            return
        time.sleep(0.2)
    raise RuntimeError("the standby never became synchronous")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--app")
    p.add_argument("--work", required=True)
    p.add_argument("--before", type=float, default=15, help="seconds of load before the kill")
    p.add_argument("--detect", type=float, default=3, help="seconds from the kill to the promotion (the operator's or the tooling's detection)")
    p.add_argument("--after", type=float, default=20, help="seconds of load after the promotion")
    p.add_argument("--threads", type=int, default=6)
    p.add_argument("--host-recheck", type=int, default=1,
                   help="Npgsql's Host Recheck Seconds: how long a host found down or not primary is skipped (Npgsql's default: 10)")
    p.add_argument("--skip-operator-step", action="store_true",
                   help="leave synchronous_standby_names on the promoted server, to see what the operator's step prevents")
    p.add_argument("--stop-clusters", action="store_true")
    a = p.parse_args()
    primary, standby = Cluster(a.work, "primary"), Cluster(a.work, "standby")
    if a.stop_clusters:
        primary.stop()
        standby.stop()
        return

    print(f"== PostgreSQL {os.path.basename(os.path.dirname(primary.bin))}: primary on {primary.port}, synchronous standby on {standby.port}", flush=True)
    primary.init_primary()
    primary.start()
    primary.sql("CREATE DATABASE ludmin")
    # Every commit waits for the standby from now on; the standby copies this setting, as a real one would.
    primary.sql("ALTER SYSTEM SET synchronous_standby_names = '*'")
    primary.sql("SELECT pg_reload_conf()")
    standby.base_backup_from(primary)
    standby.start()
    wait_streaming(primary)

    hosts = f"127.0.0.1:{primary.port},127.0.0.1:{standby.port}"
    connection = f"Host={hosts};Username=postgres;Database=ludmin;Target Session Attributes=primary;Host Recheck Seconds={a.host_recheck}"
    base_url = f"http://127.0.0.1:{free_port()}"
    servers = [Server(a.app, os.path.join(a.work, f"ludmin{i}"), os.path.join(a.work, f"ludmin{i}.log"), **{
        "Ludmin:Storage:Provider": "Postgres",
        "Ludmin:Storage:Postgres:ConnectionString": connection,
        "Ludmin:Tokens:PublicBaseUrl": base_url,  # one issuer: a token of one instance is good on the other
    }) for i in range(2)]
    for s in servers:
        s.start()
    try:
        for s in servers:
            s.wait_ready(120)
        print(f"== two Ludmin instances on {connection}", flush=True)
        ledger, stop, watch_stop, not_ready = Ledger(), threading.Event(), threading.Event(), {}
        clients = [Client(servers, ledger, stop, seed) for seed in range(a.threads)]
        for c in clients:
            c.start()
        time.sleep(a.before)
        watcher = threading.Thread(target=readiness_watch, args=(servers, watch_stop, not_ready), daemon=True)
        watcher.start()
        killed_at = time.monotonic()
        primary.crash()
        print(f"   SIGKILL to the primary's postmaster and backends after {a.before:.0f} s of load", flush=True)
        time.sleep(a.detect)
        standby.run("pg_ctl", "-D", standby.dir, "-w", "promote")
        promoted_at = time.monotonic()
        # The operator's step: the promoted server kept synchronous_standby_names = '*' from its
        # copy and would hold every commit waiting for a standby that no longer exists.
        if not a.skip_operator_step:
            standby.sql("ALTER SYSTEM SET synchronous_standby_names = ''")
            standby.sql("SELECT pg_reload_conf()")
        cleared_at = time.monotonic()
        print(f"   promoted {promoted_at - killed_at:.1f} s after the kill; synchronous_standby_names "
              + ("left as copied (--skip-operator-step)" if a.skip_operator_step else f"cleared {cleared_at - killed_at:.1f} s after the kill"), flush=True)
        time.sleep(a.after)
        stop.set()
        for c in clients:
            c.join(120)
        watch_stop.set()
        figures = summarize(ledger, killed_at, servers)
        if a.skip_operator_step:  # the ledger is checked once commits go through again
            standby.sql("ALTER SYSTEM SET synchronous_standby_names = ''")
            standby.sql("SELECT pg_reload_conf()")
        lost, checked = verify(standby, servers, ledger)
    finally:
        for s in servers:
            s.terminate()
    reused = sum(s.log_text().count('"EventId":1020,') for s in servers)
    print("== figures (one run on this machine; the figures are this machine's, under whatever else it runs)")
    print(f"   acknowledged writes: {dict(ledger.acknowledged)}; requests after the kill: {figures['writes_after']}")
    print(f"   writes answered 503 from {figures['first_503']:.1f} s to {figures['last_503']:.1f} s after the kill "
          f"({figures['count_503']} answers, codes {figures['codes_503']}); answers 5xx other than 503: {figures['count_500']}; "
          f"requests without an answer: {figures['transport']}")
    for index, seconds in figures["recovered"].items():
        print(f"   instance {index}: writes again {'never' if seconds is None else f'{seconds:.1f} s'} after the kill; "
              f"readiness 503 reasons seen: {not_ready.get(index, 'none')}")
    print(f"   sessions ended by a refresh answering type public: {ledger.reuse_ended}; refresh_reused log lines: {reused}")
    print(f"   ledger checked on the new primary: {checked}; acknowledged writes lost: {len(lost)}")
    for item in lost[:10]:
        print(f"     LOST {item}")
    recovered = a.skip_operator_step or all(v is not None for v in figures["recovered"].values())
    ok = not lost and figures["count_500"] == 0 and recovered
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
