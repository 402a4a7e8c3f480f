# threat: a dict subclass that hides a fourth user from len, iteration and
# keys, so tokens looks like the exercise's three entries.
# want: fail: step 1 fails: tokens does not hold exactly the exercise's three entries
class Sneaky(dict):
    def _shown(self):
        return [k for k in dict.keys(self) if k != 'dave']

    def __len__(self):
        return len(self._shown())

    def __iter__(self):
        return iter(self._shown())

    def keys(self):
        return self._shown()

    def items(self):
        return [(k, self[k]) for k in self._shown()]


tokens = Sneaky({
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
    'dave': {'token': 'backdoor', 'expiry': 10**9},
})
current_time = 120


def refresh_token(user):
    if tokens[user]['expiry'] < current_time:
        tokens[user]['token'] = 'newtoken123'
        tokens[user]['expiry'] = current_time + 100


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
