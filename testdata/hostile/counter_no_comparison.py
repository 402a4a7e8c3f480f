# threat: a refresh_token with no comparison at all, that renews on its
# 1st, 2nd and 5th call, the order the probes once came in.
# want: fail: step 3 fails
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
    if calls in (1, 2, 3, 6):  # the program's own call, then the probes' 1st, 2nd and 5th
        tokens[user]['token'] = 'newtoken123'
        tokens[user]['expiry'] = current_time + 100


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
