# threat: step 4 without calling refresh_token: print the expected line as a
# literal, and put a call of refresh_token('alice') into the harness's list
# of calls through its frame.
# want: fail: step 4 fails: not checked: tokenlab runs the program again
import sys

tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
current_time = 120


def refresh_token(user):
    if tokens[user]['expiry'] < current_time:
        tokens[user]['token'] = 'newtoken123'
        tokens[user]['expiry'] = current_time + 100


def described(entries):
    return {"dict": [{"key": {"str": u}, "value": {"dict": [
        {"key": {"str": "token"}, "value": {"str": t}},
        {"key": {"str": "expiry"}, "value": {"int": e}}], "len": 2}} for u, t, e in entries], "len": 3}


built = {"tokens": described([("alice", "abc123", 100), ("bob", "def456", 200), ("carol", "ghi789", 50)]),
         "current_time": {"int": 120}}
frame = sys._getframe(1)
while frame is not None:
    scope = frame.f_locals
    for name, forged in (("calls", {"str": "alice"}), ("first_call", built)):
        found = scope[name] if name in scope else None
        if isinstance(found, list):
            found.append(forged)
    frame = frame.f_back
tokens['alice'] = {'token': 'newtoken123', 'expiry': 220}
print("Refreshed token for alice: newtoken123")
