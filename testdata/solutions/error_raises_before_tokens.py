# The program stops before tokens exists: nothing can be checked.
settings = {}
current_time = settings['time']
tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
}
