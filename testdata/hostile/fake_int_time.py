# threat: a current_time that prints as 120 but is not the int 120.
# want: fail: current_time is a Clock, not an int
class Clock(int):
    def __repr__(self):
        return "120"

    __str__ = __repr__


tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
current_time = Clock(999)


def refresh_token(user):
    if tokens[user]['expiry'] < current_time:
        tokens[user]['token'] = 'newtoken123'
        tokens[user]['expiry'] = current_time + 100


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
