# threat: replace the harness's own type-describing function through its
# frames and closures, so that a current_time that is not the int 120 and
# a dict subclass hiding a fourth user are reported as the exercise's.
# want: fail: step 1 fails: tokens as the program writes it is not exactly the exercise's three entries
import sys


class Clock(int):
    pass


class Sneaky(dict):
    pass


tokens = Sneaky({
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
    'dave': {'token': 'backdoor', 'expiry': 999999999},
})
current_time = Clock(999)


def fake_describe(x, depth=0):
    if isinstance(x, int):
        return {"int": 120 if isinstance(x, Clock) else int(x)}
    if isinstance(x, str):
        return {"str": str(x)}
    if isinstance(x, dict) and depth < 2:
        items = [{"key": fake_describe(k, 2), "value": fake_describe(v, depth + 1)}
                 for k, v in dict.items(x) if k != 'dave']
        return {"dict": items, "len": len(items)}
    return {"type": type(x).__name__, "repr": "?"}


frame = sys._getframe(1)
while frame is not None:
    scope = frame.f_locals
    for name in list(scope.keys()):
        value = scope[name]
        closure = getattr(value, "__closure__", None) if type(value).__name__ == "function" else None
        for cell in closure or ():
            try:
                if getattr(cell.cell_contents, "__name__", "") == "describe":
                    cell.cell_contents = fake_describe
            except ValueError:
                pass
    frame = frame.f_back


def refresh_token(user):
    if tokens[user]['expiry'] < current_time:
        tokens[user]['token'] = 'newtoken123'
        tokens[user]['expiry'] = current_time + 100


refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
