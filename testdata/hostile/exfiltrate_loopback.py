# threat: send what it can find to a server on the instructor's machine.
# want: fail: there is no variable called tokens
# off as a user: escapes
import socket

for host in ("127.0.0.1", "localhost"):
    try:
        s = socket.create_connection((host, {{PORT}}), timeout=1)
        s.sendall(b"GET /exfiltrated HTTP/1.0\r\n\r\n")
        s.close()
    except OSError:
        pass
