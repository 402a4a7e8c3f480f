# threat: start 200 processes that would sleep for a long time.
# want: fail: step 1 fails: there is no variable called tokens
# off as a user: escapes
import os
import sys

started = 0
for _ in range(200):
    try:
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(97.602)"])
        started += 1
    except OSError:
        break
print("started", started)
