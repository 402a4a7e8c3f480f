# refresh_token never returns: it waits for the time to move, and nothing
# moves it. The run is stopped, steps 1 and 2 still pass, and the fault is
# step 3's. (It sleeps as it waits, so a test spends no core on it;
# fail_step3_endless_loop.py is the busy loop.)
import time

tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
current_time = 120


def refresh_token(user):
    while tokens[user]['expiry'] < current_time:
        time.sleep(0.1)


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
