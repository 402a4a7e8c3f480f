# threat: fill /tmp with 20 MiB of files, each under the file-size limit.
# want: error: No space left on device
# off as a user: escapes
for i in range(20):
    with open("/tmp/tokenlab-hostile-fill-%d" % i, "wb") as f:
        f.write(b"x" * (1 << 20))
