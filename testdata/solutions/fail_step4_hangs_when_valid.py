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
# Waits for the token to expire, but nothing moves the time: when alice's
# token is still valid, this never ends, so step 4 cannot be shown to work.
while tokens['alice']['token'] != 'newtoken123':
    pass
print("Refreshed token for alice: " + tokens['alice']['token'])
