# threat: leave files in the instructor's working directory and in /tmp.
# want: fail: there is no variable called tokens
# off as a user: escapes
import glob
import os

places = ["/tmp", "/var/tmp", "/dev/shm", os.path.expanduser("~")]
places += glob.glob("/proc/*/cwd")
for place in places:
    try:
        with open(os.path.join(place, "tokenlab-hostile-marker"), "w") as f:
            f.write("was here\n")
    except OSError:
        pass
