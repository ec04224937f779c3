#!/usr/bin/python3
"""tests/lib/ftpfake.py: a small misbehaving FTP server on 127.0.0.1.

    ftpfake.py --root DIR --port-file FILE [--lifetime SECONDS]
               [--log FILE] [--trickle BYTES:RATE[:N]] [--bad-epsv]
               [--acct] [--size-delta N] [--list-extra LINE ...]
               [--tls close|stall]

Serves the files of DIR read-only (USER/PASS any, LIST in "ls -l" form,
SIZE, MDTM, REST, RETR, EPSV, PASV) on a port the kernel picks, written
to --port-file once listening.  The misbehaviours:
  --trickle BYTES:RATE[:N]  the first N (default: every) RETR send BYTES
                            at full speed, then RATE bytes a second
  --bad-epsv                EPSV answers a 229 reply without a port
  --acct                    PASS answers 332: an ACCT must follow
  --size-delta N            SIZE announces the real size plus N
  --list-extra LINE         one more line in every LIST (any bytes: "\\r"
                            is a carriage return, "\\n" a line feed)
  --tls close|stall         no FTP at all: read the client's first bytes
                            (a TLS ClientHello), then close, or say nothing
Every command received is appended to --log, one a line.  The server
exits by itself after --lifetime seconds (default 60) or on SIGTERM.
Standard library only; traffic stays on loopback.
"""
import argparse
import os
import signal
import socket
import sys
import threading
import time

ARGS = None
LOG_LOCK = threading.Lock()
RETRS = [0]


def log(line):
    if ARGS.log:
        with LOG_LOCK, open(ARGS.log, "a") as f:
            f.write(line + "\n")


def path_of(arg):
    """A path under the root for a command's argument, or None."""
    arg = arg.lstrip("/")
    full = os.path.realpath(os.path.join(ARGS.root, arg))
    root = os.path.realpath(ARGS.root)
    if full != root and not full.startswith(root + os.sep):
        return None
    return full


def ls_line(name, full):
    st = os.stat(full)
    kind = "d" if os.path.isdir(full) else "-"
    return "%srw-r--r-- 1 ftp ftp %d Jan 01 2024 %s" % (kind, st.st_size,
                                                        name)


class Session:
    def __init__(self, conn):
        self.c = conn
        self.f = conn.makefile("rb")
        self.rest = 0
        self.pasv = None

    def reply(self, text):
        self.c.sendall(text.encode("utf-8", "surrogateescape") + b"\r\n")

    def open_passive(self):
        if self.pasv is not None:
            self.pasv.close()
        self.pasv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.pasv.bind(("127.0.0.1", 0))
        self.pasv.listen(1)
        self.pasv.settimeout(10)
        return self.pasv.getsockname()[1]

    def data_conn(self):
        if self.pasv is None:
            return None
        try:
            d, _ = self.pasv.accept()
        except OSError:
            d = None
        self.pasv.close()
        self.pasv = None
        return d

    def send_data(self, d, data, trickle):
        if trickle is None:
            d.sendall(data)
            return
        fast, rate = trickle
        d.sendall(data[:fast])
        step = max(1, rate // 10)
        for i in range(fast, len(data), step):
            time.sleep(0.1)
            d.sendall(data[i:i + step])

    def retr(self, arg):
        full = path_of(arg)
        if full is None or not os.path.isfile(full):
            self.reply("550 No such file.")
            return
        with open(full, "rb") as fh:
            fh.seek(self.rest)
            data = fh.read()
        self.rest = 0
        trickle = None
        RETRS[0] += 1
        if ARGS.trickle:
            parts = [int(x) for x in ARGS.trickle.split(":")]
            if len(parts) < 3 or RETRS[0] <= parts[2]:
                trickle = (parts[0], parts[1])
        self.reply("150 Opening BINARY mode data connection.")
        d = self.data_conn()
        if d is None:
            self.reply("425 No data connection.")
            return
        try:
            self.send_data(d, data, trickle)
        finally:
            d.close()
        self.reply("226 Transfer complete.")

    def list(self, arg):
        words = [w for w in arg.split(" ") if not w.startswith("-")]
        full = path_of(words[0] if words else "")
        if full is None or not os.path.isdir(full):
            self.reply("550 No such directory.")
            return
        lines = [ls_line(n, os.path.join(full, n))
                 for n in sorted(os.listdir(full))]
        for extra in ARGS.list_extra or []:
            lines.append(extra.replace("\\r", "\r").replace("\\n", "\n"))
        self.reply("150 Here comes the directory listing.")
        d = self.data_conn()
        if d is None:
            self.reply("425 No data connection.")
            return
        d.sendall("".join(x + "\r\n" for x in lines).encode(
            "utf-8", "surrogateescape"))
        d.close()
        self.reply("226 Directory send OK.")

    def size(self, arg):
        full = path_of(arg)
        if full is None or not os.path.isfile(full):
            self.reply("550 Could not get file size.")
        else:
            self.reply("213 %d" % (os.path.getsize(full) + ARGS.size_delta))

    def command(self, line):
        verb, _, arg = line.partition(" ")
        verb = verb.upper()
        simple = {
            "USER": "331 Please specify the password.",
            "ACCT": "230 Login successful.",
            "TYPE": "200 Switching to Binary mode.",
            "OPTS": "200 Always in UTF8 mode.",
            "PWD": '257 "/" is the current directory',
            "CWD": "250 Directory successfully changed.",
            "NOOP": "200 NOOP ok.",
            "ABOR": "226 ABOR successful.",
            "MDTM": "213 20240101000000",
        }
        if verb == "PASS":
            self.reply("332 Account needed." if ARGS.acct else
                       "230 Login successful.")
        elif verb in simple:
            self.reply(simple[verb])
        elif verb == "FEAT":
            self.reply("211-Features:\r\n EPSV\r\n MDTM\r\n PASV\r\n"
                       " REST STREAM\r\n SIZE\r\n211 End")
        elif verb == "EPSV":
            port = self.open_passive()
            if ARGS.bad_epsv:
                self.reply("229 Entering Extended Passive Mode (|||port|)")
            else:
                self.reply("229 Entering Extended Passive Mode (|||%d|)" %
                           port)
        elif verb == "PASV":
            port = self.open_passive()
            self.reply("227 Entering Passive Mode (127,0,0,1,%d,%d)." %
                       (port >> 8, port & 255))
        elif verb == "REST":
            self.rest = int(arg)
            self.reply("350 Restart position accepted (%d)." % self.rest)
        elif verb == "SIZE":
            self.size(arg)
        elif verb == "RETR":
            self.retr(arg)
        elif verb == "LIST":
            self.list(arg)
        elif verb == "QUIT":
            self.reply("221 Goodbye.")
            return False
        else:
            self.reply("502 Command not implemented.")
        return True

    def run(self):
        self.reply("220 ftpfake ready")
        while True:
            raw = self.f.readline(4096)
            if not raw:
                return
            line = raw.rstrip(b"\r\n").decode("utf-8", "surrogateescape")
            log(line)
            if not self.command(line):
                return


def serve(conn):
    try:
        if ARGS.tls:
            conn.recv(4096)
            if ARGS.tls == "stall":
                time.sleep(ARGS.lifetime)
            return
        Session(conn).run()
    except OSError:
        pass
    finally:
        conn.close()


def main():
    global ARGS
    p = argparse.ArgumentParser(description="a misbehaving FTP server")
    p.add_argument("--root", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--lifetime", type=float, default=60)
    p.add_argument("--log")
    p.add_argument("--trickle")
    p.add_argument("--bad-epsv", action="store_true")
    p.add_argument("--acct", action="store_true")
    p.add_argument("--size-delta", type=int, default=0)
    p.add_argument("--list-extra", action="append")
    p.add_argument("--tls", choices=("close", "stall"))
    ARGS = p.parse_args()
    signal.signal(signal.SIGTERM, lambda s, f: os._exit(0))
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(16)
    lsock.settimeout(0.2)
    tmp = ARGS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % lsock.getsockname()[1])
    os.rename(tmp, ARGS.port_file)
    deadline = time.monotonic() + ARGS.lifetime
    while time.monotonic() < deadline:
        try:
            conn, _ = lsock.accept()
        except socket.timeout:
            continue
        threading.Thread(target=serve, args=(conn,), daemon=True).start()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
