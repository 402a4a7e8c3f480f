# Correct, but forks: the child must neither report nor linger.
import os
import sys
if os.fork() == 0:
    os.execv(sys.executable, [sys.executable, "-I", "-S", "-c", "import time; time.sleep(97.532)"])  # the marker the tests look for

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
