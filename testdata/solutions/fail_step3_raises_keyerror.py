# refresh_token reads a key the entries do not have: the KeyError comes out
# of the program's own call, and the fault is step 3's; steps 1 and 2 pass.
tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
current_time = 120


def refresh_token(user):
    if tokens[user]['expires'] < current_time:
        tokens[user]['token'] = 'newtoken123'
        tokens[user]['expiry'] = current_time + 100


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
