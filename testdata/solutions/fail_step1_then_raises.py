# tokens holds one entry, and the program stops at its print with a
# KeyError: step 1's values exist and are checked (and fail), rather than
# the whole file being "does not run to the end".
tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
}
current_time = 120
print(tokens['bob']['token'])
