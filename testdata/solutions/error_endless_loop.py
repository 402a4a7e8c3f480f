tokens = {}
while True:
    pass
