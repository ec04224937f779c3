#!/usr/bin/python3
"""tests/hostile/sftpd.py: a scripted hostile SFTP server for ferry's tests.

    sftpd.py --root DIR --host-key FILE --port-file FILE --log FILE
             [--script FILE] [--lifetime SECONDS]

Built on paramiko (Debian's python3-paramiko).  Listens on 127.0.0.1 on a
port the kernel picks (written to --port-file once listening), takes any
public key, and serves the files under --root over SFTP -- with the lies
the script asks for.  Every request is written to --log, one line each
("open f.bin", "read f.bin 0 32768", "opendir d" ...); "#connect" starts
each connection.  It exits by itself after --lifetime seconds (default
60).  Traffic stays on loopback.

The script: one directive a line, "#" starts a comment line.  EXPR is a
Python expression.

  names PATH EXPR   the listing of directory PATH (relative to the root):
                    EXPR is a list of (name, mode, size) with names as
                    str (any character, "/", "..", "" included)
  mode PATH MODE    stat and listings give MODE (e.g. 0o104755) for PATH
  short N           every read returns at most N bytes
  long N            every read returns N bytes more than asked for
  huge              a directory listing goes out as one NAME reply,
                    however many entries it has
"""
import argparse
import os
import socket
import sys
import threading
import time

import paramiko
from paramiko.message import Message
from paramiko.sftp import CMD_NAME, SFTP_EOF


class Script:
    def __init__(self, path):
        self.names = {}
        self.modes = {}
        self.short = None
        self.long = None
        self.huge = False
        if path:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    self.parse(line.strip())

    def parse(self, line):
        if not line or line.startswith("#"):
            return
        word, _, rest = line.partition(" ")
        if word == "names":
            p, _, e = rest.partition(" ")
            self.names[p.strip("/")] = eval(e, {})   # the tests' own script
        elif word == "mode":
            p, _, m = rest.partition(" ")
            self.modes[p.strip("/")] = int(m, 0)
        elif word == "short":
            self.short = int(rest)
        elif word == "long":
            self.long = int(rest)
        elif word == "huge":
            self.huge = True
        else:
            sys.exit("sftpd.py: bad directive: %s" % line)


class Ctx:
    root = None
    script = None
    logf = None
    lock = threading.Lock()

    @classmethod
    def log(cls, line):
        safe = "".join(c if " " <= c < "\x7f" and c != "\\" else
                       "\\x%02x" % ord(c) if ord(c) < 256 else
                       "\\u%04x" % ord(c) for c in line)
        with cls.lock:
            cls.logf.write(safe + "\n")


def rel(path):
    """A client's path as a key: relative to the root, no "." parts."""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    return "/".join(parts)


def local(path):
    r = rel(path)
    if ".." in r.split("/"):
        return None
    return os.path.join(Ctx.root, r)


def attrs(path, st, name=None):
    a = paramiko.SFTPAttributes.from_stat(st, name)
    m = Ctx.script.modes.get(rel(path))
    if m is not None:
        a.st_mode = m
    return a


class Handle(paramiko.SFTPHandle):
    def __init__(self, path, f, flags):
        super().__init__(flags)
        self.path = path
        self.f = f
        self.readfile = f
        self.writefile = f

    def read(self, offset, length):
        Ctx.log("read %s %d %d" % (rel(self.path), offset, length))
        sc = Ctx.script
        if sc.short is not None:
            length = min(length, sc.short)
        self.f.seek(offset)
        data = self.f.read(length)
        if sc.long is not None and data:
            data += b"\xee" * sc.long
        return data

    def stat(self):
        return attrs(self.path, os.fstat(self.f.fileno()))

    def chattr(self, attr):
        return paramiko.SFTP_OK


class Sftp(paramiko.SFTPServerInterface):
    def canonicalize(self, path):
        return "/" + rel(path)

    def list_folder(self, path):
        Ctx.log("opendir %s" % rel(path))
        fake = Ctx.script.names.get(rel(path))
        if fake is not None:
            out = []
            for name, mode, size in fake:
                a = paramiko.SFTPAttributes()
                a.filename = name
                a.st_mode = mode
                a.st_size = size
                a.st_uid = a.st_gid = 0
                a.st_atime = a.st_mtime = 1700000000
                out.append(a)
            return out
        p = local(path)
        if p is None or not os.path.isdir(p):
            return paramiko.SFTP_NO_SUCH_FILE
        return [attrs(rel(path) + "/" + n, os.lstat(os.path.join(p, n)), n)
                for n in sorted(os.listdir(p))]

    def stat(self, path):
        Ctx.log("stat %s" % rel(path))
        p = local(path)
        try:
            return attrs(path, os.stat(p))
        except (OSError, TypeError):
            return paramiko.SFTP_NO_SUCH_FILE

    lstat = stat

    def open(self, path, flags, attr):
        Ctx.log("open %s %#x" % (rel(path), flags))
        p = local(path)
        if p is None:
            return paramiko.SFTP_PERMISSION_DENIED
        if flags & os.O_WRONLY or flags & os.O_RDWR:
            mode = "r+b"
            if flags & os.O_TRUNC or not os.path.exists(p):
                mode = "w+b"
        else:
            mode = "rb"
        try:
            f = open(p, mode)
        except OSError:
            return paramiko.SFTP_NO_SUCH_FILE
        return Handle(path, f, flags)

    def remove(self, path):
        Ctx.log("remove %s" % rel(path))
        try:
            os.unlink(local(path))
        except (OSError, TypeError):
            return paramiko.SFTP_FAILURE
        return paramiko.SFTP_OK

    def mkdir(self, path, attr):
        Ctx.log("mkdir %s" % rel(path))
        try:
            os.mkdir(local(path))
        except (OSError, TypeError):
            return paramiko.SFTP_FAILURE
        return paramiko.SFTP_OK

    def rename(self, old, new):
        Ctx.log("rename %s %s" % (rel(old), rel(new)))
        try:
            os.rename(local(old), local(new))
        except (OSError, TypeError):
            return paramiko.SFTP_FAILURE
        return paramiko.SFTP_OK

    posix_rename = rename

    def chattr(self, path, attr):
        return paramiko.SFTP_OK


class SftpServer(paramiko.SFTPServer):
    def _read_folder(self, request_number, folder):
        if not Ctx.script.huge:
            return super()._read_folder(request_number, folder)
        flist = folder._SFTPHandle__files
        folder._SFTPHandle__files = []
        if not flist:
            self._send_status(request_number, SFTP_EOF)
            return
        msg = Message()
        msg.add_int(request_number)
        msg.add_int(len(flist))
        for a in flist:
            msg.add_string(a.filename)
            msg.add_string(a.filename)
            a._pack(msg)
        self._send_packet(CMD_NAME, msg)


class Auth(paramiko.ServerInterface):
    def get_allowed_auths(self, username):
        return "publickey"

    def check_auth_publickey(self, username, key):
        return paramiko.AUTH_SUCCESSFUL

    def check_channel_request(self, kind, chanid):
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED


def serve_one(conn, key):
    Ctx.log("#connect")
    t = paramiko.Transport(conn)
    t.add_server_key(key)
    t.set_subsystem_handler("sftp", SftpServer, Sftp)
    try:
        t.start_server(server=Auth())
    except (paramiko.SSHException, EOFError, OSError):
        t.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--host-key", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--script")
    ap.add_argument("--lifetime", type=float, default=60)
    args = ap.parse_args()
    Ctx.root = os.path.abspath(args.root)
    Ctx.script = Script(args.script)
    Ctx.logf = open(args.log, "a", buffering=1, encoding="ascii")
    key = paramiko.Ed25519Key(filename=args.host_key)
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    ls.settimeout(0.5)
    with open(args.port_file + ".tmp", "w") as f:
        f.write("%d\n" % ls.getsockname()[1])
    os.rename(args.port_file + ".tmp", args.port_file)
    deadline = time.monotonic() + args.lifetime
    while time.monotonic() < deadline:
        try:
            c, _ = ls.accept()
        except socket.timeout:
            continue
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=serve_one, args=(c, key),
                         daemon=True).start()
    os._exit(0)


if __name__ == "__main__":
    main()
