tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
# current_time is 120, computed: the reruns set it at the first call of
# refresh_token, so it is checked like a literal.
current_time = 100 + 20


def refresh_token(user):
    if tokens[user]['expiry'] < current_time:
        tokens[user]['token'] = 'newtoken123'
        tokens[user]['expiry'] = current_time + 100


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
