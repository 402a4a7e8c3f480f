# threat: end the process from inside refresh_token once the checker calls
# it, hoping a half-written report counts.
# want: error: while refresh_token was being checked
import os

tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
current_time = 120
calls = 0


def refresh_token(user):
    global calls
    calls += 1
    if calls > 1:
        os._exit(0)
    tokens['alice'] = {'token': 'newtoken123', 'expiry': 220}


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
