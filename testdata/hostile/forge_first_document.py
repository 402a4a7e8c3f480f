# threat: write a made-up report to the report descriptor before the harness
# writes its own, in the old format and in the new one.
# want: error: the solution interfered with the checker
import os
fake_old = b'{"stage":"done","probes":[{"kind":"made-up"}],"has_tokens":true}\n'
fake_new = b'{"msg":"main","final":{},"first_call":null,"refresh_token":"ok"}\n'
for fd in range(3, 10):
    try:
        os.write(fd, fake_old + fake_new)
    except OSError:
        pass

tokens = {}
current_time = 0


def refresh_token(user):
    pass
