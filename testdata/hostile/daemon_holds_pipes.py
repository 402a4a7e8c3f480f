# threat: a double-forked daemon in a session of its own that outlives the
# check and keeps its output pipes open, so check would wait for ever.
# want: pass: all 4 steps pass
import os
import sys

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        # exec keeps the pipes open, and puts the marker in its command line.
        os.execv(sys.executable, [sys.executable, "-I", "-S", "-c", "import time; time.sleep(97.601)"])
    os._exit(0)
os.wait()

tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
current_time = 120


def refresh_token(user):
    if tokens[user]['expiry'] < current_time:
        tokens[user]['token'] = 'newtoken123'
        tokens[user]['expiry'] = current_time + 100


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
