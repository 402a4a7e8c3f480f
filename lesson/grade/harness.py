# tokenlab's check harness. It runs one learner's solution as __main__ in a
# namespace of its own, then carries out the probes tokenlab sends it, and
# reports what it saw. It decides nothing.
#
#   python3 -I -c HARNESS solution.py
#
# HARNESS is this file, or a line that runs its code as compiled by the same
# interpreter when tokenlab found it (so that no run compiles it again).
#
# fd 1 is the solution's output, read by tokenlab itself. fd 3 carries the
# harness's report, one JSON line a message ("written"; "calling" at the
# program's first call of refresh_token; "main", even when the program
# raised an exception, or "error"; "probes"; "reruns"); fd 4 brings the probes, which
# tokenlab sends only after the "main" message, so the solution's own code
# has finished before they exist. Last, the harness runs the program again,
# once for each rerun tokenlab sent: when the program first calls
# refresh_token, it sets current_time and alice's entry to the rerun's
# values, and it reports what each run printed. The solution shares this process and can write to fd 3 too:
# tokenlab treats every message as untrusted, and a step only passes on
# what the probes and reruns could not be known to produce without the
# refresh rule.
def _tokenlab_harness():
    import _ast, _operator, os, sys
    # Everything used after the solution starts is bound here first, so that
    # replacing a builtin or a module attribute (json.dumps, len, type, ...)
    # changes nothing for the harness.
    type_, int_, str_, dict_, list_, bool_ = type, int, str, dict, list, bool
    len_, repr_, ord_, callable_, range_ = len, repr, ord, callable, range
    exec_ = exec
    BaseException_, SystemExit_, MemoryError_ = BaseException, SystemExit, MemoryError
    dict_items, dict_get, dict_clear, dict_setitem, dict_len = dict.items, dict.get, dict.clear, dict.__setitem__, dict.__len__
    issubclass_ = issubclass
    str_join, str_split, str_encode = str.join, str.split, str.encode
    type_name = type.__dict__["__name__"].__get__
    write, read, dup2, open_, close, exit_ = os.write, os.read, os.dup2, os.open, os.close, os._exit
    setprofile = sys.setprofile
    real_stdout, real_stderr = sys.stdout, sys.stderr
    devnull = os.devnull
    FunctionType = type(lambda: 0)
    sys_module, setattr_ = sys, setattr
    # A frame's f_locals is a dict up to 3.12 and a proxy from 3.13 (PEP
    # 667): getitem reads either, where dict.get reads only dicts. From
    # _operator, built in: operator.py is a file to import.
    getitem = _operator.getitem
    # The syntax tree through _ast, built in, rather than ast.py, whose
    # import costs more than a third of Python's own start.
    A = _ast  # the node classes, read before the solution runs only

    def ast_parse(source, name):
        return compile(source, name, "exec", A.PyCF_ONLY_AST)
    getpid = os.getpid
    harness_pid = getpid()
    REPORT, PROBES = 3, 4

    def quote(s):
        out = ['"']
        for ch in s:
            o = ord_(ch)
            if o < 0x20 or o > 0x7E or ch == '"' or ch == "\\":
                if o > 0xFFFF:
                    o -= 0x10000
                    out.append("\\u%04x\\u%04x" % (0xD800 + (o >> 10), 0xDC00 + (o & 0x3FF)))
                else:
                    out.append("\\u%04x" % o)
            else:
                out.append(ch)
        out.append('"')
        return str_join("", out)

    def encode(x):
        t = type_(x)
        if x is None:
            return "null"
        if t is bool_:
            return "true" if x else "false"
        if t is int_:
            return "%d" % x
        if t is str_:
            return quote(x)
        if t is list_:
            return "[" + str_join(",", [encode(v) for v in x]) + "]"
        return "{" + str_join(",", [quote(k) + ":" + encode(v) for k, v in dict_items(x)]) + "}"

    def send(msg):
        if getpid() != harness_pid:
            exit_(0)  # a child the solution forked: only the harness reports
        data = str_encode(encode(msg) + "\n", "ascii")
        while data:
            data = data[write(REPORT, data):]

    def safe_repr(x):
        try:
            r = repr_(x)
            return r[:100] if type_(r) is str_ else "?"
        except BaseException_:
            return "(its repr raised an exception)"

    def describe(x, depth=0):
        # Values for what they are: ints and strs of exactly those types; a
        # dict, or a subclass of one, read through dict's own methods, so
        # what its class overrides shows nothing but what it holds.
        t = type_(x)
        if t is int_:
            if -(1 << 63) <= x < (1 << 63):
                return {"int": x}
            return {"type": "int", "repr": "a very large int"}
        if t is str_:
            if len_(x) <= 1000:
                return {"str": x}
            return {"type": "str", "repr": "a string of %d characters" % len_(x)}
        if issubclass_(t, dict_) and depth < 2:
            items = []
            for k, v in dict_items(x):
                if len_(items) == 20:
                    break
                items.append({"key": describe(k, 2), "value": describe(v, depth + 1)})
            return {"dict": items, "len": dict_len(x)}
        try:
            name = type_name(t)
        except BaseException_:
            name = "?"
        return {"type": name if type_(name) is str_ else "?", "repr": safe_repr(x)}

    def where(e):
        line = None
        try:
            tb = e.__traceback__
            while tb is not None:
                if tb.tb_frame.f_code.co_filename == "solution.py":
                    line = tb.tb_lineno
                tb = tb.tb_next
        except BaseException_:
            pass
        return line if type_(line) is int_ else None

    def in_refresh_token(e, ns):
        # Whether the exception passed through the program's own
        # refresh_token on its way out.
        try:
            tb = e.__traceback__
            while tb is not None:
                f = tb.tb_frame
                if f.f_code.co_name == "refresh_token" and f.f_globals is ns:
                    return True
                tb = tb.tb_next
        except BaseException_:
            pass
        return False

    def failure(kind, message, line=None):
        return {"msg": "error", "kind": kind, "message": message[:300], "line": line}

    def exception_text(e):
        try:
            return type_name(type_(e)) + ": " + str_(e)[:200]
        except BaseException_:
            return "an exception that cannot be shown"

    def globals_of(ns):
        g = {}
        for name in ("tokens", "current_time"):
            if name in ns:
                g[name] = describe(dict_get(ns, name))
        return g

    def takes_one_argument(fn):
        # A plain function is read from its code; anything else callable
        # is simply called.
        if type_(fn) is not FunctionType:
            return True
        code = fn.__code__
        positional = code.co_argcount
        required = positional - len_(fn.__defaults__ or ())
        kwonly = code.co_kwonlyargcount - len_(fn.__kwdefaults__ or {})
        takes_varargs = code.co_flags & 0x04
        return required <= 1 and kwonly == 0 and (positional >= 1 or takes_varargs)

    class NotLiteral(Exception):
        pass

    def literal(node):
        # The value an expression writes out, from constants alone: ints,
        # strs, their sums and products, dict displays, dict(k=v, ...),
        # and one literal wrapped in a call (a dict subclass, TokenStore({...})).
        t = type_(node)
        if t is A.Constant and type_(node.value) in (int_, str_):
            return node.value
        if t is A.UnaryOp and type_(node.op) is A.USub:
            v = literal(node.operand)
            if type_(v) is int_:
                return -v
        if t is A.BinOp and type_(node.op) in (A.Add, A.Sub, A.Mult):
            a, b = literal(node.left), literal(node.right)
            if type_(a) is int_ and type_(b) is int_ and -(1 << 62) < a < (1 << 62) and -(1 << 62) < b < (1 << 62):
                op = type_(node.op)
                return a + b if op is A.Add else a - b if op is A.Sub else a * b
        if t is A.Dict:
            out = {}
            for k, v in zip(node.keys, node.values):
                if k is None:
                    raise NotLiteral()
                out[literal(k)] = literal(v)
            return out
        if t is A.Call and type_(node.func) is A.Name:
            if node.func.id == "dict" and not node.args:
                out = {}
                for kw in node.keywords:
                    if kw.arg is None:
                        raise NotLiteral()
                    out[kw.arg] = literal(kw.value)
                return out
            if len_(node.args) == 1 and not node.keywords and type_(node.args[0]) in (A.Dict, A.Call):
                return literal(node.args[0])
        raise NotLiteral()

    def top_level(body, found):
        # The last assignment of tokens and of current_time outside any
        # function or class, in the order the source gives.
        for node in body:
            t = type_(node)
            if t in (A.FunctionDef, A.AsyncFunctionDef, A.ClassDef):
                continue
            targets, value = [], None
            if t is A.Assign:
                targets, value = node.targets, node.value
            elif t is A.AnnAssign and node.value is not None:
                targets, value = [node.target], node.value
            for target in targets:
                if type_(target) is A.Name and target.id in ("tokens", "current_time"):
                    found[target.id] = value
            for field in ("body", "orelse", "finalbody", "handlers"):
                sub = getattr(node, field, None)
                if type_(sub) is list_:
                    top_level(sub, found)

    def written_of(source):
        msg = {"msg": "written", "tokens": None, "current_time": None}
        try:
            found = {}
            top_level(ast_parse(source, "solution.py").body, found)
            for name, value in dict_items(found):
                try:
                    msg[name] = describe(literal(value))
                except NotLiteral:
                    pass
        except BaseException_:
            pass
        return msg

    def run_main(path):
        with open(path, "rb") as f:
            raw = f.read()
        # Before any of it runs: tokens and current_time as written.
        try:
            send(written_of(raw.decode("utf-8")))
        except UnicodeDecodeError:
            send(written_of(""))
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            return failure("encoding", "the file is not UTF-8 (byte %d)" % e.start), None, None
        try:
            code = compile(source, "solution.py", "exec")
        except SyntaxError as e:
            return failure("syntax", "%s: %s" % (type_name(type_(e)), e.msg), e.lineno), None, None
        except (ValueError, MemoryError_, RecursionError) as e:
            return failure("syntax", exception_text(e)), None, None

        ns = {"__name__": "__main__", "__builtins__": __builtins__}
        first_call = []
        calls = []  # what the program itself passed to refresh_token

        def on_call(frame, event, arg):
            # At the first call of refresh_token, steps 1 to 3 are written:
            # keep tokens and current_time as they were built.
            if event == "call" and frame.f_code.co_name == "refresh_token" and frame.f_globals is ns:
                if len_(calls) == 10:
                    return  # the first ten calls are all a report shows
                code = frame.f_code
                user = None
                if code.co_argcount > 0:
                    # The first parameter as the call bound it, before the
                    # function's own code runs.
                    user = describe(getitem(frame.f_locals, code.co_varnames[0]))
                    calls.append(user)
                if not first_call:
                    first_call.append(globals_of(ns))
                    # Said at once: should this call never return, steps 1
                    # and 2 are still known, and the fault is step 3's.
                    send({"msg": "calling", "first_call": first_call[0], "user": user})

        raised = None
        setprofile(on_call)
        try:
            exec(code, ns)
        except SystemExit_ as e:
            return failure("exit", "it called exit(%s) before finishing" % safe_repr(e.code)), None, None
        except MemoryError_:
            return failure("memory", "it ran out of memory"), None, None
        except BaseException_ as e:
            # What it built before the exception is still checked: the
            # steps whose values exist may pass, and the fault is the
            # step of the code that raised it.
            raised = {"message": exception_text(e), "line": where(e), "in_refresh_token": in_refresh_token(e, ns)}
        finally:
            setprofile(None)
            if getpid() != harness_pid:
                exit_(0)  # a child the solution forked ends with the program
        # What it printed is complete; from here on its output goes nowhere.
        for stream in (real_stdout, real_stderr):
            try:
                stream.flush()
            except BaseException_:
                pass
        null = open_(devnull, os.O_WRONLY)
        dup2(null, 1)
        close(null)

        fn = dict_get(ns, "refresh_token")
        if "refresh_token" not in ns:
            refresh = "missing"
        elif not callable_(fn):
            refresh = "not-callable"
        else:
            refresh = "ok" if takes_one_argument(fn) else "wrong-arity"
        msg = {"msg": "main", "final": globals_of(ns), "first_call": first_call[0] if first_call else None,
               "refresh_token": refresh, "calls": calls, "raised": raised}
        return msg, ns, code

    def read_plan():
        chunks = []
        while True:
            chunk = read(PROBES, 65536)
            if not chunk:
                break
            chunks.append(chunk)
        text = str_join("", [c.decode("ascii") for c in chunks])
        lines = str_split(text, "\n")
        # The first line is "reruns time token expiry ..."; each other
        # line a probe.
        head = str_split(lines[0], " ")
        reruns = [(int_(head[i]), head[i + 1], int_(head[i + 2])) for i in range_(1, len_(head) - 2, 3)]
        probes = []
        for line in lines[1:]:
            if not line:
                continue
            f = str_split(line, " ")
            fresh = {}
            for i in range_(2, len_(f), 3):
                fresh[f[i]] = {"token": f[i + 1], "expiry": int_(f[i + 2])}
            probes.append((f[0], int_(f[1]), fresh))
        return reruns, probes

    def run_probes(ns, probes):
        tokens = dict_get(ns, "tokens")
        fn = dict_get(ns, "refresh_token")
        results = []
        for user, now, fresh in probes:
            # Fresh data each time, reset in place so a solution that keeps
            # a reference to its dictionary still sees it.
            ns["tokens"] = tokens
            dict_clear(tokens)
            for name, entry in dict_items(fresh):
                dict_setitem(tokens, name, dict_(entry))
            ns["current_time"] = now
            result = {"raised": None, "line": None}
            try:
                fn(user)
            except BaseException_ as e:
                result["raised"] = exception_text(e)
                result["line"] = where(e)
            after = dict_get(ns, "tokens")
            result["same"] = after is tokens
            result["tokens"] = describe(after)
            results.append(result)
        return {"msg": "probes", "results": results}

    KEEP = 500

    class Captured:
        # sys.stdout for a rerun: it keeps the first KEEP characters.
        def __init__(self):
            self.parts, self.size = [], 0

        def write(self, s):
            if type_(s) is not str_:
                raise TypeError("write() argument must be str")
            if self.size < KEEP:
                self.parts.append(s[:KEEP - self.size])
                self.size += len_(self.parts[-1])
            return len_(s)

        def flush(self):
            pass

    def run_reruns(code, reruns):
        msg = {"msg": "reruns", "rewritten": True, "runs": []}
        for now, token, expiry in reruns:
            ns = {"__name__": "__main__", "__builtins__": __builtins__}
            set_values = []

            def on_call(frame, event, arg):
                # At the program's first call of refresh_token, alice's
                # entry (in place, so references to it still see it) and
                # current_time take the rerun's values.
                if event != "call" or set_values or frame.f_code.co_name != "refresh_token" or frame.f_globals is not ns:
                    return
                set_values.append(False)
                tokens = dict_get(ns, "tokens")
                if not issubclass_(type_(tokens), dict_) or "current_time" not in ns:
                    return
                entry = dict_get(tokens, "alice")
                if not issubclass_(type_(entry), dict_):
                    return
                dict_setitem(entry, "token", token)
                dict_setitem(entry, "expiry", expiry)
                ns["current_time"] = now
                set_values[0] = True

            run = {"output": "", "raised": None}
            out = Captured()
            setattr_(sys_module, "stdout", out)
            setprofile(on_call)
            try:
                exec_(code, ns)
            except SystemExit_:
                pass
            except BaseException_ as e:
                run["raised"] = exception_text(e)[:300]
            finally:
                setprofile(None)
                if getpid() != harness_pid:
                    exit_(0)
            if not set_values or not set_values[0]:
                # Not called, or not with data it can set: the run shows
                # nothing about the rule.
                return {"msg": "reruns", "rewritten": False, "runs": []}
            run["output"] = str_join("", out.parts)
            msg["runs"].append(run)
        return msg

    try:
        msg, ns, code = run_main(sys.argv[1])
        send(msg)
        if ns is not None:
            reruns, probes = read_plan()
            send(run_probes(ns, probes))
            send(run_reruns(code, reruns))
    except BaseException_ as e:
        try:
            send(failure("harness", exception_text(e)))
        except BaseException_:
            pass
    exit_(0)  # nothing the solution left running gets a say


_tokenlab_harness()
