# threat: start 200 processes that would sleep for a long time.
# want: fail: step 1 fails: there is no variable called tokens
# off as a user: escapes
import ctypes
import os
import time

# The children keep this name, the marker the tests look for.
ctypes.CDLL(None).prctl(15, b"97.602", 0, 0, 0)  # PR_SET_NAME
started = 0
for _ in range(200):
    try:
        if os.fork() == 0:
            time.sleep(97.602)
            os._exit(0)
        started += 1
    except OSError:
        break
print("started", started)
