# threat: stay under the memory limit in each process but not together:
# four children of 400 MiB each against a 512 MiB limit.
# want: fail: step 1 fails: there is no variable called tokens
import os
import sys
import time

HOG = """
import time
block = bytearray(400 << 20)
for i in range(0, len(block), 4096):
    block[i] = 1
time.sleep(97.603)
"""

children = 0
for _ in range(4):
    try:
        if os.fork() == 0:
            # A new interpreter, so the marker is in its command line.
            os.execv(sys.executable, [sys.executable, "-c", HOG])
        children += 1
    except OSError:
        break
time.sleep(1)
print("children", children)
