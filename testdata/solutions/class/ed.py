# Waits for a token that nothing will ever add: the check stops it. (It
# sleeps as it waits, so the tests that check this class do not spend a
# core on it; the busy endless loops are lesson/grade's samples.)
import time

tokens = {}
while 'alice' not in tokens:
    time.sleep(0.1)
