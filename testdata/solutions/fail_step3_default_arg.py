# A default argument freezes current_time at the moment refresh_token is
# defined (120), so the function is wrong at any other time.
tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
current_time = 120


def refresh_token(user, now=current_time):
    if tokens[user]['expiry'] < now:
        tokens[user]['token'] = 'newtoken123'
        tokens[user]['expiry'] = now + 100


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
