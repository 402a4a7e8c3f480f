# Step 1: the tokens dictionary, one entry per user.
tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}

# Step 2: the current time.
current_time = 120
