# Ends the process after saying why on stderr: the report passes that on.
import os
import sys

print("saving the tokens failed", file=sys.stderr, flush=True)
os._exit(4)
