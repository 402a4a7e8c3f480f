# refresh_token never returns (the loop's condition never changes): the
# run is stopped, steps 1 and 2 still pass, and the fault is step 3's.
tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
current_time = 120


def refresh_token(user):
    while tokens[user]['expiry'] < current_time:
        tokens[user]['token'] = 'newtoken123'


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
