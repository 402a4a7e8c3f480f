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
        return True
    return False


# Prints only when it refreshed: nothing at all when the token is still valid.
if refresh_token('alice'):
    print("Refreshed token for alice: " + tokens['alice']['token'])
