tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
current_time = 120


def refresh_token(user):
    # Refreshes every expired token, not just the user's.
    for entry in tokens.values():
        if entry['expiry'] < current_time:
            entry['token'] = 'newtoken123'
            entry['expiry'] = current_time + 100


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
