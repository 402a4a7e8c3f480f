# Step 1: the tokens dictionary, one entry per user.
tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}

# Step 2: the current time.
current_time = 120


# Step 3: renew the user's token if it has expired; otherwise do nothing.
# It returns whether it renewed the token, so a caller can say which happened.
def refresh_token(user):
    if tokens[user]['expiry'] < current_time:
        tokens[user]['token'] = 'newtoken123'
        tokens[user]['expiry'] = current_time + 100
        return True
    return False


# Step 4: refresh alice's token and print it, or say it is still valid.
if refresh_token('alice'):
    print("Refreshed token for alice: " + tokens['alice']['token'])
else:
    print("Token for alice is still valid: " + tokens['alice']['token']
          + " (expires at " + str(tokens['alice']['expiry']) + ")")
