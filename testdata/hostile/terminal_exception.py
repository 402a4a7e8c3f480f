# threat: drive the instructor's terminal through an exception's text.
# want: error: it raised an exception at line 3
raise SystemError("\x1b[2J\x1b]52;c;cm0gLXJmIH4K\x07\x1b]0;owned\x07")
