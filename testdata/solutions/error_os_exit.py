import os
tokens = {'alice': {'token': 'abc123', 'expiry': 100}}
os._exit(0)
