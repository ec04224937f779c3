#!/usr/bin/python3
"""tests/hostile/ftpd.py: a scripted hostile FTP server for ferry's tests.

    ftpd.py --root DIR --port-file FILE --log FILE [--script FILE]
            [--cert PEM --key PEM] [--lifetime SECONDS]

Python 3 standard library only.  Listens on 127.0.0.1 on a port the kernel
picks (written to --port-file once listening), serves files under --root
(downloads, uploads, REST, LIST in "ls -l" form) like a plain FTP server,
and misbehaves where the script says.  Every command it receives is
written to --log, one line each, exactly as received with bytes outside
printable ASCII shown as \\xNN; "#connect" starts each control connection.
Events of note are lines starting with "#" too ("#thief got N bytes").
It exits by itself after --lifetime seconds (default 60).  Traffic stays
on loopback.

The script: one directive a line; "#" starts a comment line.  EXPR is a
Python expression giving bytes (b'...' with \\r, \\n, \\x1b ...), evaluated
once when the script is read; "big(N, C)" is N bytes of C.

  eol lf               replies end with a bare LF instead of CR LF
  bytewise             every reply goes out one byte per TCP segment
  greeting EXPR        instead of "220 hostile ftpd ready"
  feat EXPR            the whole FEAT reply
  listing EXPR         what LIST sends on the data connection for any
                       directory but the login directory
  pasv-host A,B,C,D    the address a 227 reply names (default 127,0,0,1)
  tls                  offer and accept AUTH TLS (needs --cert, --key)
  hash LIST            FEAT offers "HASH LIST" (LIST as FEAT says it:
                       "SHA-256;SHA-1*;MD5", the selected one with "*");
                       OPTS HASH selects one of them; HASH PATH answers
                       "213 ALGO S-E HEX PATH", the digest of the range
                       RANG set (else the whole file), E its last byte
                       (draft-bryan-ftpext-hash-02)
  hash-end exclusive   E is one past the last byte instead, and HASH
                       ignores RANG (proftpd 1.3.8's mod_digest)
  rang                 FEAT offers RANG STREAM: "RANG S E" (E inclusive)
                       answers 350, "RANG 1 0" forgets the range
  xhash LIST           FEAT offers these of XSHA256, XSHA1, XMD5
                       ("XSHA256,XMD5"): "XSHA256 PATH [S E]" answers
                       "250-Computing", "250 HEX" (capitals) of [S, E)
                       (mod_digest's syntax)

  VERB[#N] ACTION ...  for the command VERB (its Nth time only, counted
                       over all connections, with #N):
    reply EXPR         answer EXPR and nothing else
    hangup [EXPR]      answer EXPR (if given), then close the connection
    silent             never answer (the connection stays open)
    mute EXPR          answer EXPR, then never answer anything again
    endless EXPR       send EXPR again and again until the client goes
    xfer MODE[,MODE]   a transfer (RETR, STOR, APPE, LIST) done so:
      together         150 and 226 in one segment, before the data
      early226         226 in the middle of the data
      no226            the data, then no final reply at all
      final=EXPR       the data, then EXPR instead of 226 (a 4xx ...)
      short=N          only N bytes of the file (then 226)
      extra=N          N bytes more than the file has (then 226)
      stall=N          N bytes, then nothing (the connection stays open)
      trickle=N        N bytes, then one byte every half second
      refuse           the passive listener is closed at once: the data
                       connection is never opened
      never            150, then the data connection is never served
      ignore-rest      REST is accepted and ignored (RETR sends from 0,
                       STOR writes from 0)
      no-close-notify  TLS data closed without close_notify
      thief            active mode: first a third party (127.0.0.2)
                       connects to the client's port, sends a few bytes
                       and reads what it is given
"""
import argparse
import hashlib
import os
import re
import socket
import ssl
import stat
import sys
import threading
import time
import zlib

DATA_TIMEOUT = 15
CHUNK = 64 * 1024


def big(n, c=b"x"):
    """n bytes: c repeated."""
    return (c * (n // len(c) + 1))[:n]


def escape(raw):
    """A command line as the log shows it."""
    out = []
    for b in raw:
        if 32 <= b < 127 and b != 0x5C:
            out.append(chr(b))
        else:
            out.append("\\x%02x" % b)
    return "".join(out)


class Script:
    """The directives, parsed."""

    def __init__(self, path):
        self.eol = b"\r\n"
        self.bytewise = False
        self.greeting = None
        self.feat = None
        self.listing = None
        self.pasv_host = "127,0,0,1"
        self.tls = False
        self.hash = None         # the HASH line's list, as FEAT says it
        self.hash_exclusive = False
        self.rang = False
        self.xhash = []
        self.mute = False
        self.rules = []          # (verb, nth or 0, action, arg)
        self.counts = {}
        self.lock = threading.Lock()
        if path:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    self.parse(line.rstrip("\n"))

    @staticmethod
    def expr(text):
        v = eval(text, {"big": big})      # the tests' own script
        return v.encode() if isinstance(v, str) else bytes(v)

    def parse(self, line):
        line = line.strip()
        if not line or line.startswith("#"):
            return
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        if word == "eol":
            self.eol = b"\n" if rest == "lf" else b"\r\n"
        elif word == "bytewise":
            self.bytewise = True
        elif word == "greeting":
            self.greeting = self.expr(rest)
        elif word == "feat":
            self.feat = self.expr(rest)
        elif word == "listing":
            self.listing = self.expr(rest)
        elif word == "pasv-host":
            self.pasv_host = rest
        elif word == "tls":
            self.tls = True
        elif word == "hash":
            self.hash = rest
        elif word == "hash-end":
            self.hash_exclusive = rest == "exclusive"
        elif word == "rang":
            self.rang = True
        elif word == "xhash":
            self.xhash = [v for v in rest.split(",") if v]
        else:
            m = re.match(r"^([A-Z][A-Z0-9]*)(?:#(\d+))?$", word)
            if not m:
                sys.exit("ftpd.py: bad directive: %s" % line)
            action, _, arg = rest.partition(" ")
            if action in ("reply", "endless", "mute") or (
                    action == "hangup" and arg):
                arg = self.expr(arg)
            elif action == "xfer":
                arg = self.modes(arg)
            self.rules.append((m.group(1), int(m.group(2) or 0), action,
                               arg))

    def modes(self, text):
        modes = {}
        for m in text.split(","):
            k, _, v = m.partition("=")
            if k == "final":
                modes[k] = self.expr(v)
            else:
                modes[k] = int(v) if v else True
        return modes

    def rule(self, verb):
        """The rule for this occurrence of verb, or None."""
        with self.lock:
            n = self.counts.get(verb, 0) + 1
            self.counts[verb] = n
        found = None
        for v, nth, action, arg in self.rules:
            if v == verb and nth in (0, n):
                if found is None or nth != 0:
                    found = (action, arg)
        return found


class Closed(Exception):
    pass


class Session(threading.Thread):
    def __init__(self, server, conn):
        super().__init__(daemon=True)
        self.srv = server
        self.sc = server.script
        self.conn = conn
        self.buf = b""
        self.rest = 0
        self.pasv = None          # listening socket
        self.port_addr = None     # (host, port) for active mode
        self.prot_p = False
        self.rnfr = None
        self.range = None         # (start, end inclusive) from RANG
        self.hash_sel = None
        if self.sc.hash:
            for a in self.sc.hash.split(";"):
                if a.endswith("*"):
                    self.hash_sel = a[:-1]

    # ------------------------------------------------------------ control
    def send(self, data):
        if self.sc.bytewise:
            for i in range(len(data)):
                self.conn.sendall(data[i:i + 1])
                time.sleep(0.002)
        else:
            self.conn.sendall(data)

    def reply(self, code, text):
        self.send(("%03d %s" % (code, text)).encode() + self.sc.eol)

    def readline(self):
        while b"\n" not in self.buf:
            if len(self.buf) > 65536:
                raise Closed()
            try:
                got = self.conn.recv(4096)
            except (OSError, ssl.SSLError):
                raise Closed()
            if not got:
                raise Closed()
            self.buf += got
        line, _, self.buf = self.buf.partition(b"\n")
        return line[:-1] if line.endswith(b"\r") else line

    def run(self):
        self.srv.log("#connect")
        try:
            self.conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.send(self.sc.greeting if self.sc.greeting is not None else
                      b"220 hostile ftpd ready" + self.sc.eol)
            while True:
                line = self.readline()
                self.srv.log(escape(line))
                verb, _, arg = line.decode("utf-8", "replace").partition(" ")
                verb = verb.upper()
                if not self.command(verb, arg):
                    break
        except (Closed, OSError, ssl.SSLError):
            pass
        finally:
            self.close_pasv()
            try:
                self.conn.close()
            except OSError:
                pass

    def command(self, verb, arg):
        """Answer one command; False ends the session."""
        if self.sc.mute:
            return True
        rule = self.sc.rule(verb)
        modes = {}
        if rule is not None:
            action, rarg = rule
            if action == "reply":
                self.send(rarg)
                if verb == "PASV" or verb == "EPSV":
                    self.open_pasv()
                return True
            if action == "hangup":
                if rarg:
                    self.send(rarg)
                return False
            if action == "silent":
                return True
            if action == "mute":
                self.send(rarg)
                self.sc.mute = True
                return True
            if action == "endless":
                while True:
                    self.conn.sendall(rarg)
            if action == "xfer":
                modes = rarg
        handler = getattr(self, "do_" + verb, None)
        if handler is None:
            self.reply(502, "Command not implemented.")
            return True
        r = handler(arg, modes)
        return r is not False

    # ------------------------------------------------------------ files
    def path(self, arg):
        """A path under the root; None if it would leave it."""
        parts = []
        for p in arg.split("/"):
            if p in ("", "."):
                continue
            if p == "..":
                return None
            parts.append(p)
        return os.path.join(self.srv.root, *parts)

    def do_USER(self, arg, m):
        self.reply(331, "Password, please.")

    def do_PASS(self, arg, m):
        self.reply(230, "Logged in.")

    def do_ACCT(self, arg, m):
        self.reply(230, "Account accepted.")

    def do_SYST(self, arg, m):
        self.reply(215, "UNIX Type: L8")

    def do_FEAT(self, arg, m):
        if self.sc.feat is not None:
            self.send(self.sc.feat)
            return
        feats = ["EPSV", "PASV", "REST STREAM", "SIZE", "MDTM", "UTF8"]
        if self.sc.tls:
            feats += ["AUTH TLS", "PBSZ", "PROT"]
        if self.sc.hash:
            feats.append("HASH " + self.sc.hash)
        if self.sc.rang:
            feats.append("RANG STREAM")
        feats += self.sc.xhash
        text = b"211-Features:" + self.sc.eol
        for f in feats:
            text += b" " + f.encode() + self.sc.eol
        self.send(text + b"211 End" + self.sc.eol)

    def do_AUTH(self, arg, m):
        if not self.sc.tls or arg.upper() != "TLS":
            self.reply(504, "AUTH not offered.")
            return
        self.reply(234, "Proceed with negotiation.")
        self.conn = self.srv.tls.wrap_socket(self.conn, server_side=True)

    def do_PBSZ(self, arg, m):
        self.reply(200, "PBSZ=0")

    def do_PROT(self, arg, m):
        self.prot_p = arg.upper() == "P"
        self.reply(200, "PROT now %s." % arg)

    def do_OPTS(self, arg, m):
        words = arg.split(" ")
        if words[0].upper() == "HASH" and self.sc.hash:
            names = [a.rstrip("*") for a in self.sc.hash.split(";")]
            if len(words) == 1:
                self.reply(200, self.hash_sel or "none")
            elif words[1].upper() in [n.upper() for n in names]:
                self.hash_sel = words[1].upper()
                self.reply(200, self.hash_sel)
            else:
                self.reply(501, "Unknown algorithm, current selection "
                           "not changed")
            return
        self.reply(200, "OK.")

    # ------------------------------------------------------------ hashes
    @staticmethod
    def digest(algo, data):
        """The hex digest of data, or None for an unknown algorithm."""
        algo = algo.upper().replace("-", "")
        if algo == "CRC32":
            return "%08x" % (zlib.crc32(data) & 0xffffffff)
        if algo in ("SHA256", "SHA1", "MD5"):
            return hashlib.new(algo.lower(), data).hexdigest()
        return None

    def do_RANG(self, arg, m):
        if not self.sc.rang:
            self.reply(502, "Command not implemented.")
            return
        try:
            a, b = [int(v) for v in arg.split(" ")]
        except ValueError:
            self.reply(501, "Bad range.")
            return
        if (a, b) == (1, 0):
            self.range = None
            self.reply(350, "Reset byte transfer range")
            return
        if a > b:
            self.range = None
            self.reply(501, "Bad range.")
            return
        self.range = (a, b)
        self.reply(350, "Transferring byte range of %d bytes starting "
                   "from %d" % (b - a + 1, a))

    def do_HASH(self, arg, m):
        p = self.path(arg)
        if not self.sc.hash or self.hash_sel is None:
            self.reply(502, "Command not implemented.")
            return
        if p is None or not os.path.isfile(p):
            self.reply(550, "%s: No such file" % arg)
            return
        with open(p, "rb") as f:
            data = f.read()
        start, end = 0, len(data)
        if self.range is not None and not self.sc.hash_exclusive:
            start, end = self.range[0], min(self.range[1] + 1, len(data))
        h = self.digest(self.hash_sel, data[start:end])
        last = end if self.sc.hash_exclusive else end - 1
        self.send(("213-Computing %s digest" % self.hash_sel).encode() +
                  self.sc.eol)
        self.reply(213, "%s %d-%d %s %s" % (self.hash_sel, start, last, h,
                                            arg))

    def xhash(self, verb, algo, arg):
        if verb not in self.sc.xhash:
            self.reply(502, "Command not implemented.")
            return
        words = arg.split(" ")
        p = self.path(words[0])
        if p is None or not os.path.isfile(p):
            self.reply(550, "%s: No such file" % words[0])
            return
        with open(p, "rb") as f:
            data = f.read()
        start, end = 0, len(data)
        if len(words) == 3:
            start, end = int(words[1]), int(words[2])
            if end > len(data):
                self.reply(501, "%s: end exceeds file size" % verb)
                return
        elif len(words) != 1:
            self.reply(501, "Invalid number of parameters")
            return
        self.send(("250-Computing %s digest" % algo).encode() +
                  self.sc.eol)
        self.reply(250, self.digest(algo, data[start:end]).upper())

    def do_XSHA256(self, arg, m):
        self.xhash("XSHA256", "SHA256", arg)

    def do_XSHA1(self, arg, m):
        self.xhash("XSHA1", "SHA1", arg)

    def do_XMD5(self, arg, m):
        self.xhash("XMD5", "MD5", arg)

    def do_TYPE(self, arg, m):
        self.reply(200, "Type set.")

    def do_NOOP(self, arg, m):
        self.reply(200, "NOOP ok.")

    def do_PWD(self, arg, m):
        self.reply(257, '"/" is the current directory')

    def do_CWD(self, arg, m):
        self.reply(250, "Directory changed.")

    def do_QUIT(self, arg, m):
        self.reply(221, "Goodbye.")
        return False

    def do_ABOR(self, arg, m):
        self.reply(226, "Abort successful.")

    def do_SITE(self, arg, m):
        self.reply(200, "SITE ok.")

    def do_REST(self, arg, m):
        try:
            self.rest = int(arg)
        except ValueError:
            self.reply(501, "Bad offset.")
            return
        self.reply(350, "Restart position accepted (%d)." % self.rest)

    def do_SIZE(self, arg, m):
        p = self.path(arg)
        if p is None or not os.path.isfile(p):
            self.reply(550, "Could not get file size.")
            return
        self.reply(213, str(os.path.getsize(p)))

    def do_MDTM(self, arg, m):
        p = self.path(arg)
        if p is None or not os.path.exists(p):
            self.reply(550, "Could not get file modification time.")
            return
        t = time.gmtime(os.path.getmtime(p))
        self.reply(213, time.strftime("%Y%m%d%H%M%S", t))

    def do_MKD(self, arg, m):
        p = self.path(arg)
        try:
            os.mkdir(p)
        except (OSError, TypeError):
            self.reply(550, "Create directory operation failed.")
            return
        self.reply(257, '"%s" created' % arg)

    def do_DELE(self, arg, m):
        p = self.path(arg)
        try:
            os.unlink(p)
        except (OSError, TypeError):
            self.reply(550, "Delete operation failed.")
            return
        self.reply(250, "Delete operation successful.")

    def do_RNFR(self, arg, m):
        self.rnfr = self.path(arg)
        self.reply(350, "Ready for RNTO.")

    def do_RNTO(self, arg, m):
        p = self.path(arg)
        try:
            os.rename(self.rnfr, p)
        except (OSError, TypeError):
            self.reply(550, "Rename failed.")
            return
        self.reply(250, "Rename successful.")

    # ------------------------------------------------------------ data
    def close_pasv(self):
        if self.pasv is not None:
            self.pasv.close()
            self.pasv = None

    def open_pasv(self):
        self.close_pasv()
        self.port_addr = None
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
        s.listen(4)
        s.settimeout(DATA_TIMEOUT)
        self.pasv = s
        return s.getsockname()[1]

    def do_EPSV(self, arg, m):
        port = self.open_pasv()
        self.reply(229, "Entering Extended Passive Mode (|||%d|)" % port)

    def do_PASV(self, arg, m):
        port = self.open_pasv()
        self.reply(227, "Entering Passive Mode (%s,%d,%d)." % (
            self.sc.pasv_host, port >> 8, port & 255))

    def do_EPRT(self, arg, m):
        f = arg[1:].split(arg[:1]) if arg else []
        if len(f) < 3 or f[0] != "1":
            self.reply(522, "Only IPv4, (1).")
            return
        self.close_pasv()
        self.port_addr = (f[1], int(f[2]))
        self.reply(200, "EPRT command successful.")

    def do_PORT(self, arg, m):
        n = arg.split(",")
        if len(n) != 6:
            self.reply(501, "Bad PORT.")
            return
        self.close_pasv()
        self.port_addr = (".".join(n[:4]), int(n[4]) * 256 + int(n[5]))
        self.reply(200, "PORT command successful.")

    def thief(self, upload):
        """A third party connects to the client's data port first."""
        got = 0
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            t.bind(("127.0.0.2", 0))
            t.settimeout(2)
            t.connect(self.port_addr)
            if not upload:
                t.sendall(b"STOLEN " * 100)
            t.shutdown(socket.SHUT_WR)
            while True:
                d = t.recv(CHUNK)
                if not d:
                    break
                got += len(d)
        except OSError:
            pass
        finally:
            t.close()
        self.srv.log("#thief got %d bytes" % got)

    def data_open(self, modes, upload):
        """The data connection, or None."""
        if self.pasv is not None:
            try:
                c, _ = self.pasv.accept()
            except OSError:
                return None
            finally:
                self.close_pasv()
        elif self.port_addr is not None:
            if "thief" in modes:
                self.thief(upload)
            c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            c.settimeout(DATA_TIMEOUT)
            try:
                c.connect(self.port_addr)
            except OSError:
                c.close()
                return None
            self.port_addr = None
        else:
            return None
        c.settimeout(DATA_TIMEOUT)
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.prot_p:
            try:
                c = self.srv.tls.wrap_socket(c, server_side=True)
            except (OSError, ssl.SSLError):
                c.close()
                return None
        return c

    def data_close(self, c, modes):
        if isinstance(c, ssl.SSLSocket) and "no-close-notify" not in modes:
            try:
                c.settimeout(2)
                c = c.unwrap()
            except (OSError, ssl.SSLError, ValueError):
                pass
        try:
            c.close()
        except OSError:
            pass

    def xfer_start(self, modes, what):
        """The 150 (and the data connection); None if it failed."""
        if self.range is not None:
            self.srv.log("#a transfer with the range of RANG still set")
        if "refuse" in modes:
            self.close_pasv()
        if "together" in modes:
            self.send(b"150 Opening BINARY mode data connection for " +
                      what.encode() + self.sc.eol + b"226 Transfer complete." +
                      self.sc.eol)
        else:
            self.reply(150, "Opening BINARY mode data connection for %s." %
                       what)
        if "never" in modes:
            time.sleep(self.srv.lifetime)
        c = self.data_open(modes, what.startswith("STOR"))
        if c is None:
            self.reply(425, "Failed to establish connection.")
        return c

    def finish(self, modes, ok):
        if "together" in modes or "early226" in modes:
            return
        if "no226" in modes:
            return
        if not ok:
            self.reply(426, "Failure writing network stream.")
        elif "final" in modes:
            self.send(modes["final"])
        else:
            self.reply(226, "Transfer complete.")

    def send_data(self, c, data, modes):
        """Send data as the modes say; True if all went."""
        if "short" in modes:
            data = data[:modes["short"]]
        if "extra" in modes:
            data = data + big(modes["extra"], b"\xee")
        n = first = len(data)
        for k in ("stall", "trickle"):
            if k in modes:
                first = min(n, modes[k])
        if "early226" in modes:
            first = n // 2
        try:
            c.sendall(data[:first])
            if "early226" in modes:
                self.reply(226, "Transfer complete.")
                c.sendall(data[first:])
            elif "stall" in modes:
                self.srv.log("#stalled after %d of %d bytes" % (first, n))
                time.sleep(self.srv.lifetime)
            elif "trickle" in modes:
                for i in range(first, n):
                    time.sleep(0.5)
                    c.sendall(data[i:i + 1])
        except OSError:
            return False
        return True

    def do_RETR(self, arg, modes):
        p = self.path(arg)
        rest, self.rest = self.rest, 0
        if p is None or not os.path.isfile(p):
            self.close_pasv()
            self.reply(550, "Failed to open file.")
            return
        with open(p, "rb") as f:
            data = f.read()
        if "ignore-rest" not in modes:
            data = data[rest:]
        c = self.xfer_start(modes, "RETR " + arg)
        if c is None:
            return
        ok = self.send_data(c, data, modes)
        self.data_close(c, modes)
        self.finish(modes, ok)

    def store(self, arg, modes, append):
        p = self.path(arg)
        rest, self.rest = self.rest, 0
        if "ignore-rest" in modes:
            rest = 0
        if p is None or os.path.isdir(p):
            self.close_pasv()
            self.reply(553, "Could not create file.")
            return
        c = self.xfer_start(modes, ("APPE " if append else "STOR ") + arg)
        if c is None:
            return
        ok = True
        with open(p, "ab" if append else ("r+b" if rest and
                                          os.path.exists(p) else "wb")) as f:
            if not append:
                f.seek(rest)
                f.truncate()
            try:
                while True:
                    d = c.recv(CHUNK)
                    if not d:
                        break
                    f.write(d)
                    f.flush()
            except (OSError, ssl.SSLError):
                ok = False
        self.data_close(c, modes)
        self.finish(modes, ok)

    def do_STOR(self, arg, modes):
        self.store(arg, modes, False)

    def do_APPE(self, arg, modes):
        self.store(arg, modes, True)

    def listing(self, arg):
        words = [w for w in arg.split(" ") if not w.startswith("-")]
        p = self.path(words[0] if words else "")
        if self.sc.listing is not None and p != self.srv.root:
            return self.sc.listing
        out = b""
        if p is None or not os.path.isdir(p):
            return out
        for name in sorted(os.listdir(p)):
            st = os.lstat(os.path.join(p, name))
            t = time.strftime("%b %d %H:%M", time.gmtime(st.st_mtime))
            out += ("%s 1 ftp ftp %d %s " % (stat.filemode(st.st_mode),
                                             st.st_size, t)).encode()
            out += os.fsencode(name) + b"\r\n"
        return out

    def do_LIST(self, arg, modes):
        data = self.listing(arg)
        c = self.xfer_start(modes, "LIST")
        if c is None:
            return
        ok = self.send_data(c, data, modes)
        self.data_close(c, modes)
        self.finish(modes, ok)


class Server:
    def __init__(self, args):
        self.root = os.path.abspath(args.root)
        self.lifetime = args.lifetime
        self.script = Script(args.script)
        self.logf = open(args.log, "a", buffering=1, encoding="ascii",
                         errors="backslashreplace")
        self.loglock = threading.Lock()
        self.tls = None
        if args.cert:
            self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.tls.load_cert_chain(args.cert, args.key)
        elif self.script.tls:
            sys.exit("ftpd.py: tls needs --cert and --key")
        self.ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.ls.bind(("127.0.0.1", 0))
        self.ls.listen(16)
        self.ls.settimeout(0.5)
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % self.ls.getsockname()[1])
        os.rename(tmp, args.port_file)

    def log(self, line):
        with self.loglock:
            self.logf.write(line + "\n")

    def serve(self):
        deadline = time.monotonic() + self.lifetime
        while time.monotonic() < deadline:
            try:
                c, _ = self.ls.accept()
            except socket.timeout:
                continue
            c.settimeout(self.lifetime)
            Session(self, c).start()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--script")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--lifetime", type=float, default=60)
    args = ap.parse_args()
    Server(args).serve()
    # sessions are daemon threads: they end with the process
    os._exit(0)


if __name__ == "__main__":
    main()
