# Renews the token but never its expiry: step 3's fault, and only step 3's.
tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
current_time = 120


def refresh_token(user):
    if tokens[user]['expiry'] < current_time:
        tokens[user]['token'] = 'newtoken123'


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
