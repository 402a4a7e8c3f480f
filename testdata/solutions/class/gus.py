tokens = {'alice': {'token': 'abc123', 'expiry': 100}}
current_time = 120
def refresh_token(user)
    pass
