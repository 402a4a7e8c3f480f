# threat: kill tokenlab itself (and everything else it can), so the batch
# ends with no report.
# want: error: before the checks could finish
# off as a user: escapes
import os
import signal

for pid in (os.getppid(), 1, -1):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
os.killpg(0, signal.SIGKILL)
