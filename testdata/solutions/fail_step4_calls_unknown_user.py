# Steps 1 to 3 are right; the program calls refresh_token with a user
# tokens does not hold, and stops with a KeyError from inside it: the
# fault is step 4's.
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


refresh_token('Alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
