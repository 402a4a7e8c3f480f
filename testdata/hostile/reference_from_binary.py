# threat: read the reference solution out of the tokenlab program (or any
# program) in view, where tokenlab is installed (/usr/local/bin, as the
# Gradescope kit does), and run it. Programs are out of view.
# want: fail: step 3 fails
# off as a user: escapes
import glob
import re

found = None
for path in glob.glob("/usr/local/bin/*") + glob.glob("/usr/bin/tokenlab*") + glob.glob("/usr/local/lib/tokenlab*/tokenlab"):
    try:
        with open(path, "rb") as f:
            data = f.read(200 << 20)
    except OSError:
        continue
    m = re.search(rb"def refresh_token\(user\):\n(    .*\n)+", data)
    if m:
        found = m.group(0).decode()
        break

tokens = {
    'alice': {'token': 'abc123', 'expiry': 100},
    'bob': {'token': 'def456', 'expiry': 200},
    'carol': {'token': 'ghi789', 'expiry': 50},
}
current_time = 120

if found:
    exec(found)
else:
    def refresh_token(user):
        pass

refresh_token('alice')
print("Refreshed token for alice: " + tokens['alice']['token'])
