#!/usr/bin/env python3
"""Load beside `./parley bench upload --clients 0` (the chat alone), started with the bench (docs/benchmarks.md).

mode raw:    the same bytes moved without Parley: 20 pairs of loopback TCP copies, the receiving side writing
             files on the same file system (flushed each MiB, fsynced at the end) and sending them back,
             paced to RATE MB/s each way in total.
mode parley: 20 pairs of users on the bench's own node: upload (raw body), send in a message, download by
             the peer, SHA-256 checked; a light client (CPython, C-level copies), not the bench's JVM.
Both run at niceness 10 (as the bench's transfers); they stop when the node goes away (parley), on SIGTERM or
after --seconds, and write what they moved, second by second, to --out (JSON).
"""
import argparse, glob, hashlib, http.client, json, os, re, signal, socket, threading, time, uuid

ap = argparse.ArgumentParser()
ap.add_argument("mode", choices=["raw", "parley"])
ap.add_argument("--pairs", type=int, default=20)
ap.add_argument("--rate", type=float, default=23.0, help="raw: MB/s each way in total")
ap.add_argument("--dir", default="bench/target/sidecar", help="raw: where the receiving side writes")
ap.add_argument("--seconds", type=float, default=110)
ap.add_argument("--out", required=True)
ap.add_argument("--servers", default="bench/target/servers", help="parley: where the bench puts its nodes' data directories (beside --results)")
args = ap.parse_args()
os.nice(10)
os.makedirs(args.dir, exist_ok=True)
MiB = 1 << 20
SIZES = [1 * MiB, 10 * MiB]
BODY = os.urandom(10 * MiB)
VIEW = memoryview(BODY)
DIGEST = {s: hashlib.sha256(BODY[:s]).digest() for s in (1 << 20, 10 << 20)}
stop = threading.Event()
moved = {"up": 0, "down": 0, "errors": 0, "files": 0}
first_errors = []  # what the first failures were, for the report
lock = threading.Lock()
T_START = time.time()
t_end = time.time() + args.seconds


def count(key, n):
    with lock:
        moved[key] += n


class Pace:
    """A token bucket shared by all pairs: RATE MB/s."""
    def __init__(self, rate):
        self.rate, self.tokens, self.last, self.lock = rate * 1e6, 0.0, time.monotonic(), threading.Lock()

    def take(self, n):
        while not stop.is_set():
            with self.lock:
                now = time.monotonic()
                self.tokens = min(self.rate / 10, self.tokens + (now - self.last) * self.rate)
                self.last = now
                if self.tokens >= n:
                    self.tokens -= n
                    return
                wait = (n - self.tokens) / self.rate
            time.sleep(wait)


def raw_pair(i, up, down):
    path = os.path.join(args.dir, f"pair{i}")
    k = 0
    while not stop.is_set() and time.time() < t_end:
        size = SIZES[k % 2]; k += 1
        # "upload": client -> server socket -> file (flush per MiB, fsync at end)
        srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
        cli = socket.create_connection(srv.getsockname()); conn, _ = srv.accept()
        def send_all():
            off = 0
            while off < size and not stop.is_set():
                n = min(256 * 1024, size - off); up.take(n); cli.sendall(VIEW[off:off + n]); off += n
            cli.shutdown(socket.SHUT_WR)
        t = threading.Thread(target=send_all); t.start()
        with open(path, "wb") as f:
            got, since = 0, 0
            while True:
                b = conn.recv(256 * 1024)
                if not b: break
                f.write(b); got += len(b); since += len(b); count("up", len(b))
                if since >= MiB:
                    f.flush(); os.fdatasync(f.fileno()); since = 0
            f.flush(); os.fsync(f.fileno())
        t.join(); cli.close(); conn.close()
        # "download": file -> socket -> client that hashes it
        srv2 = socket.socket(); srv2.bind(("127.0.0.1", 0)); srv2.listen(1)
        cli = socket.create_connection(srv2.getsockname()); conn, _ = srv2.accept()
        def serve():
            with open(path, "rb") as f:
                while not stop.is_set():
                    b = f.read(256 * 1024)
                    if not b: break
                    down.take(len(b)); conn.sendall(b)
            conn.shutdown(socket.SHUT_WR)
        t = threading.Thread(target=serve); t.start()
        h = hashlib.sha256(); n = 0
        while True:
            b = cli.recv(256 * 1024)
            if not b: break
            h.update(b); n += len(b); count("down", len(b))
        t.join(); cli.close(); conn.close(); srv.close(); srv2.close()
        with lock:
            moved["files"] += 1
            if n != size or h.digest() != DIGEST[size]: moved["errors"] += 1


def node_port():
    """The port of the node the bench started after us: its data directory's server.log names it."""
    deadline = time.time() + 120
    while time.time() < deadline:
        for d in glob.glob(os.path.join(args.servers, "server-data-*")):
            try:
                if os.path.getmtime(d) < T_START - 1:
                    continue
                m = re.search(r"running at http://localhost:(\d+)/", open(os.path.join(d, "server.log")).read())
            except OSError:
                continue
            if m:
                return int(m.group(1))
        time.sleep(0.5)
    raise SystemExit("no node")


def call(port, method, path, body=None, token=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    h = {}
    if token: h["Authorization"] = "Bearer " + token
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode(); h["Content-Type"] = "application/json"
    c.request(method, path, body=body, headers=h)
    r = c.getresponse(); data = r.read(); c.close()
    return r.status, data


def parley_pair(port, i):
    tag = uuid.uuid4().hex[:8]
    a, b = f"sa{tag}", f"sb{tag}"
    ta = json.loads(call(port, "POST", "/api/auth/register", {"username": a, "password": "sidecar-pass"})[1])["token"]
    tb = json.loads(call(port, "POST", "/api/auth/register", {"username": b, "password": "sidecar-pass"})[1])["token"]
    room = json.loads(call(port, "POST", "/api/rooms/", {"user": b}, ta)[1])["room_uuid"]
    k = 0
    while not stop.is_set() and time.time() < t_end:
        size = SIZES[k % 2]; k += 1
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            c.putrequest("POST", f"/api/attachments/?room_uuid={room}&filename=f{k}.bin")
            c.putheader("Authorization", "Bearer " + ta)
            c.putheader("Content-Type", "application/octet-stream")
            c.putheader("Content-Length", str(size)); c.endheaders()
            for off in range(0, size, 256 * 1024):
                end = min(size, off + 256 * 1024)
                c.send(VIEW[off:end]); count("up", end - off)
            r = c.getresponse(); data = r.read(); c.close()
            if r.status != 201: raise RuntimeError(f"upload {r.status} {data[:200]}")
            att = json.loads(data)["attachment_uuid"]
            s, d = call(port, "POST", "/api/messages/", {"room": room, "content": "", "attachments": [att]}, ta)
            if s != 201: raise RuntimeError(f"send {s} {d[:200]}")
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            c.request("GET", f"/api/attachments/{att}", headers={"Authorization": "Bearer " + tb})
            r = c.getresponse(); h = hashlib.sha256(); n = 0
            while True:
                b2 = r.read(256 * 1024)
                if not b2: break
                h.update(b2); n += len(b2); count("down", len(b2))
            c.close()
            with lock:
                moved["files"] += 1
                if r.status != 200 or h.digest() != DIGEST[size]: moved["errors"] += 1
        except (OSError, RuntimeError, http.client.HTTPException) as e:
            if stop.is_set(): return  # the node went away under this transfer: the end of the run, not a failure
            with lock:
                moved["errors"] += 1
                if len(first_errors) < 5: first_errors.append(repr(e)[:300])
            time.sleep(0.5)


def _term(*_):
    global t_end
    t_end = 0
signal.signal(signal.SIGTERM, _term)
t0 = time.time()
threads = []
if args.mode == "raw":
    up, down = Pace(args.rate), Pace(args.rate)
    threads = [threading.Thread(target=raw_pair, args=(i, up, down), daemon=True) for i in range(args.pairs)]
else:
    port = node_port()
    threads = [threading.Thread(target=parley_pair, args=(port, i), daemon=True) for i in range(args.pairs)]
for t in threads: t.start()
samples = []
gone = 0
while time.time() < t_end:
    time.sleep(1)
    with lock: samples.append((round(time.time() - t0, 1), moved["up"], moved["down"]))
    if args.mode == "parley":  # the node gone for 3 s: the bench is over
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close(); gone = 0
        except OSError:
            gone += 1
            if gone >= 3: break
stop.set()
with open(args.out, "w") as f:
    json.dump({"mode": args.mode, "moved": moved, "first_errors": first_errors, "seconds": time.time() - t0,
               "samples": samples}, f)
