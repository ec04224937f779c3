#!/usr/bin/python3
"""tests/lib/activeftp.py: a scripted FTP server for active-mode tests.

    activeftp.py --port-file FILE --file PATH --mode MODE
                 [--lifetime SECONDS]

Listens on 127.0.0.1 on a port the kernel picks (written to --port-file
once listening) and serves one file, PATH, to every RETR, over active
data connections only (EPRT or PORT; EPSV and PASV are refused).  Before
it connects to the client's data port from 127.0.0.1, a "third party"
connects to the same port from 127.0.0.2 and sends bogus bytes
("INTRUDER..."), as another host on the network could:
  - MODE intruder: the third party first, then the real data;
  - MODE lone: the third party only; the server then waits for the
    client to give up (it closes the control connection or sends ABOR).
Every connection the client makes is served in turn; the server exits by
itself after --lifetime seconds (default 60).  Traffic stays on loopback.
"""
import argparse
import os
import re
import socket
import sys
import time

BOGUS = b"INTRUDER" * 512


def reply(conn, text):
    conn.sendall((text + "\r\n").encode())


def intrude(host, port):
    """Connect from 127.0.0.2 to the client's data port, send bogus bytes.
    True when the connection was made."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.2", 0))
        s.settimeout(5)
        s.connect((host, port))
        s.sendall(BOGUS)
        s.shutdown(socket.SHUT_WR)
        time.sleep(0.2)
        return True
    except OSError:
        return False
    finally:
        s.close()


def send_data(host, port, path):
    s = socket.create_connection((host, port), timeout=5,
                                 source_address=("127.0.0.1", 0))
    try:
        with open(path, "rb") as f:
            s.sendall(f.read())
    finally:
        s.close()


def parse_port(cmd, arg):
    if cmd == "EPRT":
        parts = arg[1:].split(arg[0])
        return parts[1], int(parts[2])
    n = [int(x) for x in arg.split(",")]
    return "%d.%d.%d.%d" % tuple(n[:4]), n[4] * 256 + n[5]


def retr(conn, dest, args, log):
    if dest is None:
        reply(conn, "425 Use PORT or EPRT first")
        return
    host, port = dest
    reply(conn, "150 Opening BINARY mode data connection")
    log.write("intruder connected: %s\n" % intrude(host, port))
    if args.mode == "lone":
        # the client should give up; wait for it (bounded by lifetime)
        return
    time.sleep(0.3)
    try:
        send_data(host, port, args.file)
    except OSError as e:
        log.write("real data connection failed: %s\n" % e)
        reply(conn, "425 Cannot open data connection")
        return
    reply(conn, "226 Transfer complete")


def serve(conn, args, log):
    size = os.path.getsize(args.file)
    mtime = time.strftime("%Y%m%d%H%M%S",
                          time.gmtime(os.path.getmtime(args.file)))
    name = os.path.basename(args.file)
    dest = None
    reply(conn, "220 activeftp ready")
    buf = b""
    while True:
        while b"\n" not in buf:
            data = conn.recv(4096)
            if not data:
                return
            buf += data
        line, buf = buf.split(b"\n", 1)
        line = line.decode("latin-1").rstrip("\r")
        log.write("< %s\n" % line)
        log.flush()
        cmd, _, arg = line.partition(" ")
        cmd = cmd.upper()
        if cmd == "USER":
            reply(conn, "331 Password please")
        elif cmd == "PASS":
            reply(conn, "230 Logged in")
        elif cmd == "FEAT":
            reply(conn, "211-Features:\r\n EPRT\r\n SIZE\r\n MDTM\r\n"
                  " REST STREAM\r\n211 End")
        elif cmd in ("TYPE", "MODE", "STRU", "OPTS", "NOOP"):
            reply(conn, "200 OK")
        elif cmd == "SYST":
            reply(conn, "215 UNIX Type: L8")
        elif cmd == "PWD":
            reply(conn, '257 "/" is the current directory')
        elif cmd == "CWD":
            reply(conn, "250 OK")
        elif cmd == "SIZE":
            if arg.endswith(name):
                reply(conn, "213 %d" % size)
            else:
                reply(conn, "550 No such file")
        elif cmd == "MDTM":
            if arg.endswith(name):
                reply(conn, "213 %s" % mtime)
            else:
                reply(conn, "550 No such file")
        elif cmd in ("EPRT", "PORT"):
            try:
                dest = parse_port(cmd, arg)
                reply(conn, "200 %s command successful" % cmd)
            except (ValueError, IndexError):
                reply(conn, "501 Bad address")
        elif cmd == "RETR":
            retr(conn, dest, args, log)
            dest = None
        elif cmd == "ABOR":
            reply(conn, "226 Abort successful")
        elif cmd == "QUIT":
            reply(conn, "221 Goodbye")
            return
        else:
            reply(conn, "502 Not implemented")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--file", required=True)
    p.add_argument("--mode", choices=("intruder", "lone"), required=True)
    p.add_argument("--lifetime", type=float, default=60)
    args = p.parse_args()
    deadline = time.monotonic() + args.lifetime
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(4)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % ls.getsockname()[1])
    os.rename(tmp, args.port_file)
    log = sys.stderr
    while time.monotonic() < deadline:
        ls.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            conn, _ = ls.accept()
        except socket.timeout:
            break
        conn.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            serve(conn, args, log)
        except OSError as e:
            log.write("control connection: %s\n" % e)
        finally:
            conn.close()
        log.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
