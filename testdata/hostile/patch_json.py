# threat: replace json.dumps (and the encoder) in the interpreter the harness
# shares, so that whatever the harness reports comes out as a pass.
# want: fail: step 3 fails
import json

FORGED = '{"msg":"main","final":{"tokens":{"dict":[],"len":0}},"first_call":null,"refresh_token":"ok"}'
json.dumps = lambda *a, **k: FORGED
json.JSONEncoder.encode = lambda self, o: FORGED
json.encoder.encode_basestring_ascii = lambda s: '"forged"'

tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
current_time = 120


def refresh_token(user):
    # Wrong: never renews anything.
    pass


print("Refreshed token for alice: newtoken123")
