# tokenlab's check harness. It runs one learner's solution as __main__ in a
# namespace it owns, then probes refresh_token on fresh data, and reports what
# it observed as one JSON document on the file descriptor named in argv[3].
# It decides nothing: tokenlab decides pass or fail from these observations.
#
#   python3 -I -c HARNESS SOLUTION.py SEED REPORT_FD LIMITS_JSON
import sys

def main():
    path, seed, report_fd, limits = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    import json, os
    report = os.fdopen(report_fd, "w", encoding="utf-8")
    obs = {"stage": "start"}
    pid = os.getpid()
    try:
        observe(path, seed, json.loads(limits), obs)
    except BaseException as e:  # noqa: the harness must always report
        obs.setdefault("error", {"kind": "harness", "message": type(e).__name__ + ": " + str(e)[:300]})
    if os.getpid() != pid:
        os._exit(0)  # a child the solution forked: only the harness reports
    report.write(json.dumps(obs))
    report.flush()
    os._exit(0)  # nothing the solution left running gets a say

def set_limits(limits):
    import resource
    for name, value in (("RLIMIT_CPU", limits.get("cpu_seconds")), ("RLIMIT_AS", limits.get("memory_bytes")),
                        ("RLIMIT_FSIZE", limits.get("file_bytes"))):
        if value and hasattr(resource, name):
            res = getattr(resource, name)
            # For CPU, a hard limit one second later lets SIGXCPU (a clear
            # reason) arrive before SIGKILL.
            hard = value + 1 if name == "RLIMIT_CPU" else value
            try:
                resource.setrlimit(res, (value, hard))
            except (ValueError, OSError):
                pass

class Capture:
    """sys.stdout for the solution: keeps what it prints, up to a cap."""
    def __init__(self, cap):
        self.parts, self.size, self.cap = [], 0, cap
    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str")
        self.size += len(s)
        if self.size > self.cap:
            raise Flood()
        self.parts.append(s)
        return len(s)
    def flush(self):
        pass
    def getvalue(self):
        return "".join(self.parts)

class Flood(BaseException):
    pass

def describe(tokens):
    """tokens as JSON: its type, then each entry's key and fields, by repr when odd."""
    from collections.abc import Mapping
    if not isinstance(tokens, Mapping):
        return {"mapping": False, "type": type(tokens).__name__}
    entries = []
    for key in list(tokens.keys())[:20]:
        value = tokens[key]
        entry = {"key": key if isinstance(key, str) else repr(key)}
        if isinstance(value, Mapping):
            entry["fields"] = sorted(k if isinstance(k, str) else repr(k) for k in value.keys())
            tok, exp = value.get("token"), value.get("expiry")
            entry["token"] = tok if isinstance(tok, str) else repr(tok)
            entry["expiry"] = exp if type(exp) is int else repr(exp)
        else:
            entry["value"] = repr(value)[:100]
        entries.append(entry)
    return {"mapping": True, "type": type(tokens).__name__, "entries": entries, "count": len(tokens)}

def where(e):
    tb = e.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "solution.py":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line

def observe(path, seed, limits, obs):
    import copy, random
    cap = limits.get("output_bytes", 65536)
    with open(path, "rb") as f:
        raw = f.read()
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        obs["error"] = {"kind": "encoding", "message": "the file is not UTF-8 (byte %d)" % e.start}
        return
    try:
        code = compile(source, "solution.py", "exec")
    except SyntaxError as e:
        obs["error"] = {"kind": "syntax", "line": e.lineno, "message": "%s: %s" % (type(e).__name__, e.msg)}
        return
    except (ValueError, MemoryError, RecursionError) as e:
        obs["error"] = {"kind": "syntax", "message": type(e).__name__ + ": " + str(e)[:200]}
        return

    set_limits(limits)
    ns = {"__name__": "__main__", "__builtins__": __builtins__}
    snapshot = {}
    def on_call(frame, event, arg):
        # Before the first call of refresh_token, steps 1-3 are done: keep
        # tokens and current_time as they were built, for steps 1 and 2.
        if event == "call" and not snapshot and frame.f_code.co_name == "refresh_token" and frame.f_globals is ns:
            snapshot["tokens"] = describe(ns.get("tokens"))
            snapshot["current_time"] = repr(ns.get("current_time"))
    out = Capture(cap)
    real_stdout = sys.stdout
    sys.stdout = out
    obs["stage"] = "main"
    sys.setprofile(on_call)
    try:
        exec(code, ns)
    except Flood:
        obs["error"] = {"kind": "flood", "message": "it printed more than %d KiB and was stopped" % (cap >> 10)}
        return
    except SystemExit as e:
        obs["error"] = {"kind": "exit", "message": "it called exit(%r) before finishing" % (e.code,)}
        return
    except MemoryError:
        obs["error"] = {"kind": "memory", "message": "it ran out of memory (limit %d MiB)" % (limits.get("memory_bytes", 0) >> 20)}
        return
    except RecursionError as e:
        obs["error"] = {"kind": "raised", "line": where(e), "message": "RecursionError: " + str(e)[:200]}
        return
    except BaseException as e:
        obs["error"] = {"kind": "raised", "line": where(e), "message": type(e).__name__ + ": " + str(e)[:200]}
        return
    finally:
        sys.setprofile(None)
        sys.stdout = real_stdout
    obs["stage"] = "probes"
    obs["stdout"] = out.getvalue()
    obs["has_tokens"] = "tokens" in ns
    obs["final_tokens"] = describe(ns.get("tokens"))
    obs["initial_tokens"] = snapshot.get("tokens", obs["final_tokens"])
    obs["has_current_time"] = "current_time" in ns
    ct = ns.get("current_time")
    obs["current_time"] = snapshot.get("current_time", repr(ct))
    obs["current_time_is_int"] = type(ct) is int

    fn = ns.get("refresh_token")
    obs["has_refresh_token"] = fn is not None
    obs["refresh_token_callable"] = callable(fn)
    if not callable(fn):
        return
    try:
        import inspect
        inspect.signature(fn).bind("alice")
        obs["takes_one_argument"] = True
    except TypeError:
        obs["takes_one_argument"] = False
        return
    except ValueError:
        obs["takes_one_argument"] = True  # builtins without a signature
    tokens = ns.get("tokens")
    from collections.abc import MutableMapping
    if not isinstance(tokens, MutableMapping):
        return

    # Probes: fresh data each time, reset in place so a solution that keeps
    # a reference to its dict still sees it. Times and expiries are drawn
    # from the seed so that hard-coded answers fail.
    rng = random.Random(seed)
    users = ["alice", "bob", "carol"]
    def token_name():
        return "tok" + "".join(rng.choice("0123456789abcdef") for _ in range(6))
    probes = []
    plans = [("expired", 120, -rng.randint(1, 60)), ("valid", 120, rng.randint(1, 60)),
             ("boundary", 120, 0), ("other-time", rng.randint(1000, 900000), -rng.randint(1, 500)),
             ("other-time-valid", rng.randint(1000, 900000), rng.randint(1, 500)),
             ("boundary", rng.randint(1000, 900000), 0)]
    sys.stdout = Capture(cap)
    try:
        for kind, now, offset in plans:
            user = rng.choice(users)
            fresh = {u: {"token": token_name(), "expiry": now + rng.randint(-300, 300)} for u in users}
            fresh[user]["expiry"] = now + offset
            ns["tokens"] = tokens  # undo a solution that rebound it
            tokens.clear()
            tokens.update(copy.deepcopy(fresh))
            ns["current_time"] = now
            probe = {"kind": kind, "user": user, "time": now, "before": describe(fresh)}
            try:
                fn(user)
            except Flood:
                probe["raised"] = "printed more than %d bytes" % cap
            except BaseException as e:
                probe["raised"] = type(e).__name__ + ": " + str(e)[:200]
                probe["line"] = where(e)
            probe["same_object"] = ns.get("tokens") is tokens
            probe["after"] = describe(ns.get("tokens"))
            probes.append(probe)
    finally:
        sys.stdout = real_stdout
    obs["probes"] = probes
    obs["stage"] = "done"

main()
