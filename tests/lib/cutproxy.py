#!/usr/bin/python3
"""tests/lib/cutproxy.py: a loopback TCP proxy that cuts its connections.

    cutproxy.py --target PORT --port-file FILE [--cut-after BYTES]
                [--cuts N] [--cut-file FILE] [--lifetime SECONDS]
                [--stall]

Listens on 127.0.0.1 on a port the kernel picks (written to --port-file
once listening) and forwards every connection to 127.0.0.1:PORT.  It cuts
every open connection (a reset, or with --stall it stops forwarding and
keeps them open):
  - once BYTES have gone through (both directions, all connections, since
    the last cut), at most N times (--cuts, default 1);
  - whenever --cut-file exists (the file is removed after the cut);
  - on SIGUSR1.
New connections are accepted after a cut.  The number of cuts so far is
kept in PORT_FILE.cuts.  It exits by itself after --lifetime seconds
(default 300), or on SIGTERM.  Traffic stays on loopback.
"""
import argparse
import os
import selectors
import signal
import socket
import struct
import sys
import time

BUF = 256 * 1024


class Proxy:
    def __init__(self, args):
        self.args = args
        self.sel = selectors.DefaultSelector()
        self.pairs = {}          # socket -> peer socket
        self.pending = {}        # socket -> bytes not yet sent to it
        self.stalled = []
        self.registered = set()
        self.count = 0
        self.cuts = 0
        self.cut_wanted = False
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.listener.setblocking(False)
        self.sel.register(self.listener, selectors.EVENT_READ, None)

    def write_cuts(self):
        with open(self.args.port_file + ".cuts", "w") as f:
            f.write("%d\n" % self.cuts)

    def accept(self):
        try:
            c, _ = self.listener.accept()
        except OSError:
            return
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.connect(("127.0.0.1", self.args.target))
        except OSError:
            c.close()
            s.close()
            return
        for x in (c, s):
            x.setblocking(False)
            x.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.pending[x] = b""
            self.sel.register(x, selectors.EVENT_READ, None)
            self.registered.add(x)
        self.pairs[c] = s
        self.pairs[s] = c

    def close_pair(self, x, reset):
        y = self.pairs.pop(x, None)
        for z in (x, y):
            if z is None:
                continue
            self.pairs.pop(z, None)
            self.pending.pop(z, None)
            if z in self.registered:
                self.sel.unregister(z)
                self.registered.discard(z)
            if reset:
                z.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                             struct.pack("ii", 1, 0))
            z.close()

    def cut(self):
        self.cut_wanted = False
        self.cuts += 1
        self.count = 0
        for x in list(self.pairs):
            if x not in self.pairs:
                continue
            if self.args.stall:
                y = self.pairs.pop(x)
                self.pairs.pop(y, None)
                for z in (x, y):
                    if z in self.registered:
                        self.sel.unregister(z)
                        self.registered.discard(z)
                    self.pending.pop(z, None)
                    self.stalled.append(z)
            else:
                self.close_pair(x, True)
        self.write_cuts()

    def update(self, x):
        """Read from x unless its data still waits to go out to the peer;
        write to x while data waits for it."""
        y = self.pairs.get(x)
        if y is None:
            return
        ev = 0
        if not self.pending[y]:
            ev |= selectors.EVENT_READ
        if self.pending[x]:
            ev |= selectors.EVENT_WRITE
        if ev == 0:
            if x in self.registered:
                self.sel.unregister(x)
                self.registered.discard(x)
        elif x in self.registered:
            self.sel.modify(x, ev, None)
        else:
            self.sel.register(x, ev, None)
            self.registered.add(x)

    def flush(self, x):
        data = self.pending[x]
        try:
            n = x.send(data)
        except BlockingIOError:
            return True
        except OSError:
            return False
        self.pending[x] = data[n:]
        return True

    def pump(self, x, mask):
        y = self.pairs.get(x)
        if y is None:
            return
        if mask & selectors.EVENT_WRITE and self.pending[x]:
            if not self.flush(x):
                self.close_pair(x, False)
                return
        if mask & selectors.EVENT_READ and not self.pending[y]:
            try:
                data = x.recv(BUF)
            except BlockingIOError:
                data = None
            except OSError:
                data = b""
            if data == b"":
                self.close_pair(x, False)
                return
            if data:
                self.count += len(data)
                self.pending[y] = data
                if not self.flush(y):
                    self.close_pair(x, False)
                    return
        self.update(x)
        self.update(y)
        if (self.args.cut_after is not None and
                self.cuts < self.args.cuts and
                self.count >= self.args.cut_after):
            self.cut()

    def run(self):
        deadline = time.monotonic() + self.args.lifetime
        tmp = self.args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % self.listener.getsockname()[1])
        os.rename(tmp, self.args.port_file)
        self.write_cuts()
        while time.monotonic() < deadline:
            if self.cut_wanted:
                self.cut()
            if self.args.cut_file and os.path.exists(self.args.cut_file):
                try:
                    os.unlink(self.args.cut_file)
                except OSError:
                    pass
                self.cut()
            for key, mask in self.sel.select(timeout=0.05):
                if key.fileobj is self.listener:
                    self.accept()
                else:
                    self.pump(key.fileobj, mask)
        return 0


def main():
    p = argparse.ArgumentParser(description="loopback proxy that cuts")
    p.add_argument("--target", type=int, required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--cut-after", type=int)
    p.add_argument("--cuts", type=int, default=1)
    p.add_argument("--cut-file")
    p.add_argument("--lifetime", type=float, default=300)
    p.add_argument("--stall", action="store_true")
    args = p.parse_args()
    proxy = Proxy(args)

    def want_cut(signum, frame):
        proxy.cut_wanted = True

    signal.signal(signal.SIGUSR1, want_cut)
    signal.signal(signal.SIGTERM, lambda s, f: sys.exit(0))
    return proxy.run()


if __name__ == "__main__":
    sys.exit(main())
