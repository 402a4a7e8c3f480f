"""Built with dict(), a helper and a __main__ guard."""
NEW_TOKEN = "newtoken123"

tokens = dict(
    alice=dict(token="abc123", expiry=100),
    bob=dict(token="def456", expiry=200),
    carol=dict(token="ghi789", expiry=50),
)
current_time = 120


def is_expired(entry):
    return entry["expiry"] < current_time


def refresh_token(user):
    entry = tokens[user]
    if is_expired(entry):
        entry.update(token=NEW_TOKEN, expiry=current_time + 100)


def main():
    refresh_token("alice")
    print(f"Refreshed token for alice: {tokens['alice']['token']}")


if __name__ == "__main__":
    main()
