print("Refreshed token for alice: newtoken123")
