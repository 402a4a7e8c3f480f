# José's solution, saved as Latin-1
tokens = {}
