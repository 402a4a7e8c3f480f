# threat: expiries that print like the exercise's ints but are not ints.
# want: fail: expiry is a Expiry, not an int
class Expiry(float):
    def __repr__(self):
        return str(int(self))


tokens = {
    'alice': {'token': 'abc123', 'expiry': Expiry(100)},
    'bob': {'token': 'def456', 'expiry': Expiry(200)},
    'carol': {'token': 'ghi789', 'expiry': Expiry(50)},
}
current_time = 120


def refresh_token(user):
    if tokens[user]['expiry'] < current_time:
        tokens[user]['token'] = 'newtoken123'
        tokens[user]['expiry'] = current_time + 100


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
