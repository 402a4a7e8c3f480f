# The function keeps a reference to the dictionary, and compares with not >=.
tokens = {"alice": {"token": "abc123", "expiry": 100}, "bob": {"token": "def456", "expiry": 200},
          "carol": {"token": "ghi789", "expiry": 50}}
current_time = 120
_store = tokens


def refresh_token(user):
    global current_time
    record = _store[user]
    if not record["expiry"] >= current_time:
        record["token"], record["expiry"] = "newtoken123", current_time + 100


refresh_token("alice")
print("Refreshed token for alice:", tokens["alice"]["token"])
