import sys
tokens = {'alice': {'token': 'abc123', 'expiry': 100}}
sys.exit(3)
