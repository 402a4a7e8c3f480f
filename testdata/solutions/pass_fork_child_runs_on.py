# Correct, but forks a child that runs on to the end of the file: only the
# harness itself may report, so the child must end silently.
import os

child = os.fork() == 0

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


if not child:
    os.wait()
    refresh_token('alice')
    print("Refreshed token for alice: " + tokens['alice']['token'])
