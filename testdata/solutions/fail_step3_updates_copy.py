# Updates a copy of the entry, so tokens never changes.
tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
current_time = 120


def refresh_token(user):
    entry = dict(tokens[user])
    if entry['expiry'] < current_time:
        entry['token'] = 'newtoken123'
        entry['expiry'] = current_time + 100


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
