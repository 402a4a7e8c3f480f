# threat: read the probes as they arrive, from a thread started by the
# solution's own code, then answer for a wrong refresh_token. Which reader
# gets the probes is a race: the checker then either probes the wrong
# function (fail) or gets no probes at all (the solution interfered).
# want: not pass
import os
import threading


def grab():
    try:
        os.read(4, 1 << 16)
    except OSError:
        pass


threading.Thread(target=grab, daemon=True).start()

tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
current_time = 120


def refresh_token(user):
    tokens['alice'] = {'token': 'newtoken123', 'expiry': 220}


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
