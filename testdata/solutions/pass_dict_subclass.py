"""Correct, with tokens a dict subclass that only adds a method."""


class TokenStore(dict):
    def expired(self, user, now):
        return self[user]['expiry'] < now


tokens = TokenStore({
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
})
current_time = 120


def refresh_token(user):
    if tokens.expired(user, current_time):
        tokens[user]['token'] = 'newtoken123'
        tokens[user]['expiry'] = current_time + 100


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
