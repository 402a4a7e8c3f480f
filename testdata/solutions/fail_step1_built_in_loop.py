# Filled in a loop: correct when it runs, but tokens is not written out,
# so step 1 cannot be read from the program as it is written.
tokens = {}
for name, tok, exp in [("alice", "abc123", 100), ("bob", "def456", 200), ("carol", "ghi789", 50)]:
    tokens[name] = {"token": tok, "expiry": exp}
current_time = 120
_store = tokens


def refresh_token(user):
    global current_time
    record = _store[user]
    if not record["expiry"] >= current_time:
        record["token"], record["expiry"] = "newtoken123", current_time + 100


refresh_token("alice")
print("Refreshed token for alice:", tokens["alice"]["token"])
