while True:
    print("token " * 100)
