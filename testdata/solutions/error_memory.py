# Asks for 1 GiB in one go: fine on most machines, over check's 512 MiB limit.
hog = bytearray(1 << 30)
