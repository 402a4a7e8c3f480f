# Asks for the user at the keyboard: a check types nothing.
user = input("user? ")
