# threat: read the instructor's environment and files and show them in the
# report, through the output and through an exception's text.
# want: error: it raised an exception
# off as a user: escapes
import glob

found = []
for path in glob.glob("/proc/*/environ") + ["{{SECRET_FILE}}"]:
    try:
        found.append(open(path, "rb").read().decode(errors="replace"))
    except OSError:
        pass
for path in glob.glob("/root/*") + glob.glob("/home/*/*"):
    try:
        found.append(open(path).read(200))
    except OSError:
        pass
print("\n".join(found))
raise RuntimeError("found: " + " ".join(found)[:150])
