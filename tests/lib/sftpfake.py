#!/usr/bin/python3
"""tests/lib/sftpfake.py: a small misbehaving SFTP server on 127.0.0.1.

    sftpfake.py --host-key FILE --port-file FILE [--lifetime SECONDS]
                --names NAME,NAME,...

An SSH server (paramiko) that takes any password and serves one
directory, "/", whose listing holds the given names in that order, each
a 5-byte regular file; an empty NAME is an entry with an empty name
(which no real server sends, and which hid the rest of the listing).
The port, picked by the kernel, goes to --port-file once listening.  It
exits by itself after --lifetime seconds (default 60) or on SIGTERM.
Needs python3-paramiko; traffic stays on loopback.
"""
import argparse
import os
import signal
import socket
import stat
import sys
import threading
import time

import paramiko

ARGS = None


class Server(paramiko.ServerInterface):
    def check_auth_password(self, username, password):
        return paramiko.AUTH_SUCCESSFUL

    def get_allowed_auths(self, username):
        return "password"

    def check_channel_request(self, kind, chanid):
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED


def attrs(name, is_dir):
    a = paramiko.SFTPAttributes()
    a.filename = name
    a.st_mode = (stat.S_IFDIR | 0o755) if is_dir else (stat.S_IFREG | 0o644)
    a.st_size = 0 if is_dir else 5
    a.st_uid = a.st_gid = 0
    a.st_atime = a.st_mtime = 1704067200
    return a


class Files(paramiko.SFTPServerInterface):
    def canonicalize(self, path):
        return "/" + path.strip("/.")

    def list_folder(self, path):
        if path.strip("/.") != "":
            return paramiko.SFTP_NO_SUCH_FILE
        return [attrs(n, False) for n in ARGS.names.split(",")]

    def stat(self, path):
        name = path.strip("/.")
        if name == "":
            return attrs("", True)
        if name in ARGS.names.split(","):
            return attrs(name, False)
        return paramiko.SFTP_NO_SUCH_FILE

    lstat = stat


def serve(conn, key):
    t = paramiko.Transport(conn)
    t.add_server_key(key)
    t.set_subsystem_handler("sftp", paramiko.SFTPServer, Files)
    try:
        t.start_server(server=Server())
        while t.is_active():
            time.sleep(0.1)
    except Exception:
        pass
    finally:
        t.close()


def main():
    global ARGS
    p = argparse.ArgumentParser(description="a misbehaving SFTP server")
    p.add_argument("--host-key", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--lifetime", type=float, default=60)
    p.add_argument("--names", required=True)
    ARGS = p.parse_args()
    signal.signal(signal.SIGTERM, lambda s, f: os._exit(0))
    key = paramiko.Ed25519Key(filename=ARGS.host_key)
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(8)
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
        threading.Thread(target=serve, args=(conn, key), daemon=True).start()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
