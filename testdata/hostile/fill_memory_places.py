# threat: fill the memory-backed places beside /tmp (/dev/shm, /, /dev, and
# /var/tmp) with 256 MiB each, in files under the file-size limit, and
# leave it there for the runs after.
# want: fail: step 1 fails: there is no variable called tokens
# off as a user: escapes
import os

for place in ("/dev/shm", "/", "/dev", "/var/tmp"):
    for i in range(256):
        try:
            with open(os.path.join(place, "tokenlab-hostile-mem-%d" % i), "wb") as f:
                f.write(b"x" * ((1 << 20) - 1))
        except OSError:
            break
print("done")
