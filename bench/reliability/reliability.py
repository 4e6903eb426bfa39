#!/usr/bin/python3
"""
Ludmin's reliability cases (issue 10), each against a published build on loopback. Every case
prints what it measured and PASS, FAIL or SKIP with the reason; the exit code is 1 if any failed.
Usage: reliability.py --app DIR --work DIR [--quick] [--kills N] [--soak SECONDS] [--rate N] [--only CASE,...]
"""
import argparse
import contextlib
import http.client
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import uuid

from ludmin import PASSWORD, Server, call, email

RESULTS = []


class Skip(Exception):
    pass


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def chattr(change, path):
    r = subprocess.run(["chattr", change, path], capture_output=True, text=True)
    if r.returncode != 0:
        raise Skip(f"chattr {change} {os.path.basename(path)} is not possible here: {(r.stderr or r.stdout).strip()}")


def unchattr(path):
    if os.path.exists(path):
        subprocess.run(["chattr", "-ia", path], capture_output=True)


def store_unavailable(r):
    return r.status == 503 and r.code == "store_unavailable" and "retry-after" in r.headers


def store_reason(server):
    status, body = server.ready()
    return status, ((body or {}).get("checks", {}).get("store", {}) or {}).get("description", "")


def wait_until(predicate, timeout):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.1)
    return None


def case_server(a, name, **settings):
    """A server for one case: its data in <work>/<name>-data, its log in <work>/<name>.log."""
    return Server(a.app, os.path.join(a.work, f"{name}-data"), os.path.join(a.work, f"{name}.log"), **settings)


@contextlib.contextmanager
def running(server):
    """The server started and ready for the case; killed however the case ends."""
    try:
        server.start()
        server.wait_ready()
        yield server
    finally:
        server.kill()


def expect_not_ready(server, naming="", settle=1.1):
    """Readiness 503 with the store's reason containing `naming`; `settle` waits out the health check's cached answer."""
    time.sleep(settle)
    status, reason = store_reason(server)
    check(status == 503 and naming in reason, f"readiness {status}: {reason}")
    return reason


def expect_recovered(server, what="writable again"):
    """Readiness 200 again within 30 s, and a registration succeeds; the seconds it took."""
    recovered = wait_until(lambda: server.ready()[0] == 200, 30)
    check(recovered is not None, f"readiness did not come back once {what}")
    check(server.register(email("after")).status == 201, "writes did not come back")
    return recovered


# ---------------------------------------------------------------------------------------------
def case_published_elsewhere(a):
    """The published app started from another working folder reads its own appsettings.json; data stays under the app's folder."""
    app = os.path.join(a.work, "app-copy")
    shutil.rmtree(app, ignore_errors=True)
    shutil.copytree(a.app, app)
    elsewhere = os.path.join(a.work, "elsewhere")
    os.makedirs(elsewhere, exist_ok=True)
    s = Server(app, data=None, log=os.path.join(a.work, "elsewhere.log"), cwd=elsewhere)
    env = s.env()
    del env["Ludmin__DataDirectory"]  # the default: "data" under the content root
    s.env = lambda: env
    s.start()
    try:
        s.wait_ready()
        r = s.register(email("elsewhere"))
        check(r.status == 201, f"registration answered {r.status}")
    finally:
        s.terminate()
    log = s.log_text()
    # appsettings.Production.json (beside the binary) switches the console to JSON lines.
    check(any(line.startswith("{") and '"LogLevel"' in line for line in log.splitlines()), "no JSON log line: the app's settings were not read")
    check(os.path.exists(os.path.join(app, "data", "ludmin.db")), "the database is not in <app>/data")
    check(not os.path.exists(os.path.join(elsewhere, "data")), "a data folder appeared in the working folder")
    return "JSON logs from the app's appsettings.Production.json; database at <app>/data/ludmin.db; nothing in the working folder"


def case_disk_full(a):
    """A 3 MB tmpfs fills up: writes 503 store_unavailable + Retry-After, readiness 503 with the reason, recovery when space returns."""
    mount = os.path.join(a.work, "tmpfs")
    os.makedirs(mount, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount], capture_output=True, text=True)
    if r.returncode != 0:
        raise Skip(f"mount -t tmpfs is not permitted here: {r.stderr.strip()}")
    s = Server(a.app, os.path.join(mount, "data"), os.path.join(a.work, "disk-full.log"),
               **{"Ludmin:Storage:Sqlite:MinFreeSpaceMB": 1})
    try:
        with running(s):
            user = email("full")
            check(s.register(user).status == 201, "the first registration failed")
            filler = os.path.join(mount, "filler")
            subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=64k"], capture_output=True)
            statuses, acknowledged, refused = {}, [], 0
            for _ in range(300):  # bounded: SQLite may still fit a few writes in pages it already has
                address = email("full")
                r = s.register(address)
                statuses[r.status] = statuses.get(r.status, 0) + 1
                if r.status == 201:
                    acknowledged.append(address)
                elif store_unavailable(r):
                    refused += 1
                    if refused >= 20:
                        break
                else:
                    raise AssertionError(f"a write answered {r.status} {r.code}")
            check(refused >= 20, f"writes were never refused: {statuses}")
            reset = call(s.port, "POST", "/users/reset", s.public_token(), {"email": user})
            check(reset.status == 503 and reset.code == "store_unavailable", f"POST /users/reset answered {reset.status} {reset.code}")
            reason = expect_not_ready(s, "MiB free", settle=0)
            os.remove(filler)
            recovered = expect_recovered(s, "space returned")
            s.terminate()
            with sqlite3.connect(os.path.join(mount, "data", "ludmin.db")) as db:
                stored = {row[0] for row in db.execute("SELECT normalized FROM user_emails")}
            lost = [e for e in acknowledged if e not in stored]
            check(not lost, f"{len(lost)} acknowledged registrations are missing")
            return (f"answers while full: {statuses} (no 500); reset 503; readiness 503 '{reason[:90]}...'; "
                    f"ready again {recovered:.1f} s after the filler was removed; {len(acknowledged)} acknowledged while filling, all stored")
    finally:
        subprocess.run(["umount", mount], capture_output=True)


def case_wal_immutable(a):
    """The -wal made immutable while running: writes and POST /users/reset answer 503, readiness 503, recovery once writable."""
    s = case_server(a, "wal")
    wal = os.path.join(s.data, "ludmin.db-wal")
    with running(s):
        try:
            user = email("wal")
            check(s.register(user).status == 201, "registration failed")
            chattr("+i", wal)
            r = s.register(email("wal"))
            check(store_unavailable(r), f"registration answered {r.status} {r.code}")
            reset = call(s.port, "POST", "/users/reset", s.public_token(), {"email": user})
            check(store_unavailable(reset), f"POST /users/reset answered {reset.status} {reset.code} (a 202 would promise a code never stored)")
            check(not os.listdir(os.path.join(s.data, "reset-codes")) if os.path.isdir(os.path.join(s.data, "reset-codes")) else True, "a code was delivered")
            reason = expect_not_ready(s)
            unchattr(wal)
            recovered = expect_recovered(s, "the -wal was writable")
            logged = s.log_text().count('"EventId":2001,')
            return f"write 503, reset 503 (no code written), readiness 503 '{reason}', ready {recovered:.1f} s after chattr -i; {logged} log line(s) for the cause"
        finally:
            unchattr(wal)


def case_db_deleted(a):
    """ludmin.db deleted while running: nothing acknowledged that is not on disk, readiness 503, a critical log line."""
    with running(case_server(a, "deleted")) as s:
        for _ in range(5):
            check(s.register(email("before")).status == 201, "registration failed")
        os.remove(os.path.join(s.data, "ludmin.db"))
        statuses = {}
        for _ in range(20):
            r = s.register(email("after"))
            statuses[r.status] = statuses.get(r.status, 0) + 1
            check(r.status != 201, "a registration was acknowledged after the file was deleted")
            check(store_unavailable(r), f"answered {r.status} {r.code}")
        reason = expect_not_ready(s, "deleted")
        check('"LogLevel":"Critical"' in s.log_text(), "no critical log line")
        return f"writes after deletion: {statuses}; readiness 503 '{reason[:80]}...'; critical log line written"


def case_shm_immutable(a):
    """-shm immutable: while running no crash (503, recovery); at start a refusal with the reason."""
    s = case_server(a, "shm")
    shm = os.path.join(s.data, "ludmin.db-shm")
    with running(s):
        try:
            check(s.register(email("shm")).status == 201, "registration failed")
            chattr("+i", shm)
            r = s.register(email("shm"))
            check(s.alive(), "the process died (SIGBUS)")
            check(store_unavailable(r), f"registration answered {r.status} {r.code}")
            reason = expect_not_ready(s, "-shm")
            unchattr(shm)
            expect_recovered(s, "the -shm was writable")
            # Killed, the -shm stays behind; made immutable, the next start must refuse and say why.
            s.kill()
            chattr("+i", shm)
            s2 = Server(a.app, s.data, os.path.join(a.work, "shm-start.log")).start()
            code = s2.process.wait(60)
            check(code != 0, "the server started with an immutable -shm")
            check("ludmin.db-shm cannot be written" in s2.log_text(), "the refusal does not name the -shm")
            return f"running: 503 and still alive, readiness 503 '{reason[:70]}...', recovered; at start: exit {code} naming ludmin.db-shm"
        finally:
            unchattr(shm)


def case_parallel_registrations(a):
    """100 parallel registrations of one email: exactly one 201, the rest 409 email_in_use."""
    return _parallel_registrations(case_server(a, "parallel"))


# The shipped hashing and admission settings: Argon2 at its configured cost, the default queue.
DEFAULT_HASHING = {"Ludmin:Passwords:Argon2:MemoryKiB": None, "Ludmin:Passwords:Argon2:Iterations": None,
                   "Ludmin:Passwords:HashQueueLength": None}


def case_registration_burst(a):
    """100 parallel registrations of one email at the default hashing and admission settings
    (issue 22 point 4): one 201, 99 x 409, no 503 server_busy, since a taken address is refused before its hash."""
    return _parallel_registrations(case_server(a, "burst", **DEFAULT_HASHING))


def _parallel_registrations(server):
    with running(server) as s:
        tokens = [s.public_token() for _ in range(100)]
        address = email("same")
        barrier = threading.Barrier(100)
        results = []

        def one(token):
            barrier.wait()
            r = s.register(address, token=token)
            results.append((r.status, r.code))

        threads = [threading.Thread(target=one, args=(t,)) for t in tokens]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        created = sum(1 for st, _ in results if st == 201)
        conflicts = sum(1 for st, c in results if st == 409 and c == "email_in_use")
        check(len(results) == 100 and created == 1 and conflicts == 99, f"201: {created}, 409: {conflicts}, others: {[r for r in results if r[0] not in (201, 409)][:5]}")
        return "1 x 201, 99 x 409 email_in_use"


class WriteLoad:
    """Registrations, password changes and profile edits from a few threads; every 2xx is remembered."""

    def __init__(self, server, users, threads=4):
        self.s, self.users, self.threads = server, users, threads
        self.stop = threading.Event()
        self.acknowledged = 0
        self.lock = threading.Lock()

    def run(self):
        workers = [threading.Thread(target=self.worker, daemon=True) for _ in range(self.threads)]
        for w in workers:
            w.start()
        return workers

    def worker(self):
        rng = random.Random()
        mine = []
        while not self.stop.is_set():
            try:
                if not mine or rng.random() < 0.3:
                    u = {"email": email("kill"), "password": PASSWORD, "name": "Ann Lee", "pending": None}
                    u["pending"] = ("register", None)
                    with self.lock:
                        self.users.append(u)
                    r = self.s.register(u["email"])
                    if r.status != 201:
                        continue
                    u["registered"] = True
                    u["pending"] = None
                    self.count()
                    login = self.s.login(u["email"])
                    if login.status == 201:
                        u["token"] = login.json["token"]
                        mine.append(u)
                    continue
                u = rng.choice(mine)
                if rng.random() < 0.5:
                    name = "Name " + uuid.uuid4().hex[:8]
                    u["pending"] = ("name", name)
                    r = call(self.s.port, "PUT", "/users/me", u["token"], {"full_name": name})
                    if r.status == 200:
                        u["name"], u["pending"] = name, None
                        self.count()
                else:
                    password = "pw " + uuid.uuid4().hex
                    u["pending"] = ("password", password)
                    r = call(self.s.port, "PUT", "/users/me", u["token"],
                             {"password": password, "password_confirmation": password, "current_password": u["password"]})
                    if r.status == 200:
                        u["password"], u["pending"] = password, None
                        self.count()
            except (OSError, http.client.HTTPException):
                return  # the server is gone: whatever was pending stays pending (unknown outcome)

    def count(self):
        with self.lock:
            self.acknowledged += 1


def case_sigkill(a):
    """SIGKILL at random moments under writes: every acknowledged write present after restart, integrity_check ok."""
    data = os.path.join(a.work, "kill-data")
    users, ready_times, acknowledged = [], [], 0
    rng = random.Random(10)
    for i in range(a.kills):
        s = Server(a.app, data, os.path.join(a.work, "kill.log")).start()
        ready_times.append(s.wait_ready())
        load = WriteLoad(s, users)
        workers = load.run()
        time.sleep(rng.uniform(0.3, 2.5))
        s.kill()
        load.stop.set()
        for w in workers:
            w.join(30)
        acknowledged += load.acknowledged
        with sqlite3.connect(os.path.join(data, "ludmin.db")) as db:
            result = db.execute("PRAGMA integrity_check").fetchone()[0]
        check(result == "ok", f"integrity_check after kill {i + 1}: {result}")
    # Every acknowledged state must be there; a write in flight at the kill may or may not be.
    s = Server(a.app, data, os.path.join(a.work, "kill.log")).start()
    ready_times.append(s.wait_ready())
    lost = []
    try:
        with sqlite3.connect(os.path.join(data, "ludmin.db")) as db:
            names = dict(db.execute("SELECT e.normalized, u.full_name FROM user_emails e JOIN users u ON u.id = e.user_id"))
        for u in users:
            if not u.get("registered"):
                continue
            if u["email"] not in names:
                lost.append((u["email"], "registration"))
                continue
            pending = u["pending"]
            names_ok = {u["name"]} | ({pending[1]} if pending and pending[0] == "name" else set())
            if names[u["email"]] not in names_ok:
                lost.append((u["email"], "name"))
            if "token" in u:
                passwords = [u["password"]] + ([pending[1]] if pending and pending[0] == "password" else [])
                if not any(s.login(u["email"], p).status == 201 for p in passwords):
                    lost.append((u["email"], "password"))
    finally:
        s.terminate()
    check(not lost, f"lost acknowledged writes: {lost[:5]} ({len(lost)})")
    check(acknowledged >= a.kills, f"too few writes acknowledged to mean anything ({acknowledged})")
    return (f"{a.kills} kills, {acknowledged} writes acknowledged, 0 lost, integrity_check ok after every kill; "
            f"start-to-ready median {statistics.median(ready_times):.2f} s, max {max(ready_times):.2f} s")


def case_sigterm_drain(a):
    """SIGTERM under load: readiness 503 first, still serving during Ludmin:Shutdown:Drain, no request lost."""
    drain = 3 if a.quick else 5
    s = case_server(a, "drain", **{"Ludmin:Shutdown:Drain": f"00:00:0{drain}"})
    s.start()
    s.wait_ready()
    address = email("drain")
    s.register(address)
    token = s.login(address).json["token"]
    stop = threading.Event()
    lock = threading.Lock()
    stats = {"served": 0, "refused_in_drain": 0, "refused_after": 0, "lost": 0, "other": 0}
    sigterm_at = [None]

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
        while not stop.is_set():
            sent = time.monotonic()
            try:
                r = call(s.port, "GET", "/users/me", token, connection=conn)
                key = "served" if r.status == 200 else "other"
            except ConnectionRefusedError:
                after = sigterm_at[0] is not None and sent - sigterm_at[0] >= drain
                key = "refused_after" if after else "refused_in_drain"
                conn.close()
                time.sleep(0.05)
            except (OSError, http.client.HTTPException):
                key = "lost"  # sent on an open connection and never answered
                conn.close()
            with lock:
                stats[key] += 1
            time.sleep(0.01)

    workers = [threading.Thread(target=worker, daemon=True) for _ in range(8)]
    for w in workers:
        w.start()
    time.sleep(1)
    sigterm_at[0] = time.monotonic()
    s.terminate(wait=False)
    not_ready = wait_until(lambda: _status_or_none(s) == 503, drain)
    s.process.wait(60)
    stopped = time.monotonic() - sigterm_at[0]
    stop.set()
    for w in workers:
        w.join(30)
    check(not_ready is not None, "readiness never answered 503 during the drain")
    check(stats["refused_in_drain"] == 0 and stats["lost"] == 0 and stats["other"] == 0, f"{stats}")
    check(stopped >= drain, f"stopped after {stopped:.1f} s, before the {drain} s drain")
    return f"readiness 503 {not_ready:.2f} s after SIGTERM; drain {drain} s; exited after {stopped:.1f} s; {stats}"


def _status_or_none(s):
    try:
        return s.ready()[0]
    except OSError:
        return None


def case_soak(a):
    """A fixed rate of mixed requests: 5xx count, p99 per minute, RSS and threads over time."""
    s = case_server(a, "soak", **{"Logging:LogLevel:Default": "Warning"})
    s.start()
    s.wait_ready()
    sessions = []
    for _ in range(20):
        address = email("soak")
        s.register(address)
        login = s.login(address).json
        sessions.append((address, login["token"], login["device_id"]))
    local = threading.local()
    lock = threading.Lock()
    samples = []  # (second, status, latency)
    memory = []
    rng = random.Random(7)

    def request(kind, index):
        conn = getattr(local, "conn", None) or http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
        local.conn = conn
        with lock:
            address, token, device = sessions[index]
        start = time.monotonic()
        try:
            if kind == "read":
                r = call(s.port, "GET", "/users/me", token, connection=conn)
            elif kind == "refresh":
                r = call(s.port, "GET", f"/tokens/{device}", token, connection=conn)
                if r.status == 200 and r.json.get("type") == "refresh":
                    # Refresh rotation: a client goes on with the newest token (a replaced one
                    # refreshed past the grace would end the session).
                    with lock:
                        sessions[index] = (address, r.json["token"], device)
            elif kind == "edit":
                r = call(s.port, "PUT", "/users/me", token, {"full_name": "Soak " + uuid.uuid4().hex[:6]}, connection=conn)
            elif kind == "public":
                r = call(s.port, "POST", "/tokens/public", body={"device_id": uuid.uuid4().hex}, connection=conn)
            else:
                r = s.login(address, connection=conn)
            status = r.status
        except (OSError, http.client.HTTPException):
            status = 0
            local.conn = None
        with lock:
            samples.append((int(time.monotonic() - t0), status, time.monotonic() - start))

    def sample_memory():
        while not done.is_set():
            with open(f"/proc/{s.process.pid}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            memory.append((int(time.monotonic() - t0), int(fields["VmRSS"].split()[0]) // 1024, int(fields["Threads"])))
            done.wait(5)

    from concurrent.futures import ThreadPoolExecutor
    # Mostly reads, as clients do; a write in three; a login (a password hash) in eleven.
    kinds = ["read"] * 5 + ["refresh"] * 2 + ["edit"] * 2 + ["public", "login"]
    done = threading.Event()
    t0 = time.monotonic()
    sampler = threading.Thread(target=sample_memory, daemon=True)
    sampler.start()
    with ThreadPoolExecutor(max_workers=32) as pool:
        interval = 1.0 / a.rate
        next_at = t0
        while time.monotonic() - t0 < a.soak:
            pool.submit(request, rng.choice(kinds), rng.randrange(len(sessions)))
            next_at += interval
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
    done.set()
    sampler.join(10)
    s.terminate()
    errors = sum(1 for _, st, _ in samples if st >= 500 or st == 0)
    minutes = {}
    for second, _, latency in samples:
        minutes.setdefault(second // 60, []).append(latency)
    p99 = {m: sorted(v)[max(0, int(len(v) * 0.99) - 1)] * 1000 for m, v in sorted(minutes.items())}
    rss = [m[1] for m in memory]
    threads = [m[2] for m in memory]
    achieved = len(samples) / a.soak
    print("   minute  requests  p99 ms")
    for m, v in sorted(minutes.items()):
        print(f"   {m:6d}  {len(v):8d}  {p99[m]:6.1f}")
    print("   second  RSS MiB  threads")
    for second, r, t in memory:
        print(f"   {second:6d}  {r:7d}  {t:7d}")
    check(errors == 0, f"{errors} requests answered 5xx or failed")
    return (f"{a.soak} s at {a.rate}/s ({achieved:.0f}/s achieved), {len(samples)} requests, 5xx/failed: {errors}; "
            f"p99 per minute (ms): {', '.join(f'{v:.0f}' for v in p99.values())}; RSS {rss[0]} -> {rss[-1]} MiB (max {max(rss)}); "
            f"threads {threads[0]} -> {threads[-1]} (max {max(threads)})")


CASES = [
    ("published-elsewhere", case_published_elsewhere),
    ("disk-full", case_disk_full),
    ("wal-immutable", case_wal_immutable),
    ("db-deleted", case_db_deleted),
    ("shm-immutable", case_shm_immutable),
    ("parallel-registrations", case_parallel_registrations),
    ("registration-burst", case_registration_burst),
    ("sigkill", case_sigkill),
    ("sigterm-drain", case_sigterm_drain),
    ("soak", case_soak),
]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--app", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--kills", type=int)
    p.add_argument("--soak", type=int)
    p.add_argument("--rate", type=int, default=100)
    p.add_argument("--only")
    a = p.parse_args()
    a.kills = a.kills or 20
    a.soak = a.soak or (60 if a.quick else 1800)
    only = set(a.only.split(",")) if a.only else None
    failed = False
    for name, case in CASES:
        if only and name not in only:
            continue
        print(f"== {name}: {case.__doc__.strip()}", flush=True)
        started = time.monotonic()
        try:
            detail = case(a)
            outcome = "PASS"
        except Skip as e:
            outcome, detail = "SKIP", str(e)
        except Exception as e:  # noqa: BLE001 - a case's failure is reported, and the next case runs
            outcome, detail, failed = "FAIL", f"{type(e).__name__}: {e}", True
        RESULTS.append((name, outcome, detail))
        print(f"   {outcome} ({time.monotonic() - started:.0f} s): {detail}", flush=True)
    print("\n== summary")
    for name, outcome, detail in RESULTS:
        print(f"{outcome:4}  {name}: {detail}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
