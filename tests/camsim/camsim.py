#!/usr/bin/env python3
"""camsim - a MOBOTIX-style camera for camguard's tests (Python 3 stdlib).

Serves one camera profile (examples/camera-<profile>.cfg) with its port
keys rewritten to the ports it listens on: HTTP and HTTPS with Basic or
Digest (MD5, SHA-256) authentication, the public pages, /robots.txt, the
Remote Configuration API (POST /admin/remoteconfig), IP-level access
control with temporary deny rules that outrank allow rules, an RTSP port
(OPTIONS, DESCRIBE), an ONVIF device service and a WS-Discovery
responder (camsim_onvif.py), and a port that accepts TCP and never
answers.
Writes a CLF access log (the attempted user on 401s, as Apache and nginx
do) and an API command log on request.  Prints "camsim ready ..." on
stdout once every port listens; exits 0 on SIGTERM or SIGINT.

Listens on loopback only unless --bind says otherwise.  See README.md for
the reply framing and the key names it assumes.
"""
import argparse
import base64
import hashlib
import ipaddress
import os
import re
import secrets
import signal
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import camsim_onvif as onvif

# The Remote Configuration API framing and the ACL key names camguard
# assumes; platform/camera.h holds the same names.
API_BEGIN = "#read::"
API_END = "#end"
API_ERROR = "#error:"
ACL_SECTION = "accesscontrol"
ACL_DENY_PREFIX = "tmpdeny_"
ACL_ALLOW_PREFIX = "allow_"

PUBLIC_PAGES = ("/", "/record/current.jpg", "/cgi-bin/guestimage.html")
REALM = "MOBOTIX Camera User"
NONCE_TTL_S = 300
BODY_MAX = 1024 * 1024
RTSP_HEAD_MAX = 8192
CONN_TIMEOUT_S = 10

# Profile defaults: who may use the API and how the web server asks.
PROFILE_USERS = {
    "default": ("admin", "meinsm"),
    "hardened": ("camadmin", "Lobby-Cam-2024-x9"),
}
# Whether the ONVIF device service wants credentials, per profile.
PROFILE_ONVIF_AUTH = {"default": "none", "hardened": "required"}

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


class Config:
    """The camera configuration: header comments, sections of KEY=value."""

    def __init__(self, text):
        self.header = []
        self.sections = {}
        self.lock = threading.Lock()
        self._parse(text)

    def _parse(self, text):
        current = None
        for raw in text.splitlines():
            line = raw.rstrip("\r")
            if line.startswith("SECTION "):
                current = line[8:].strip()
                self.sections.setdefault(current, {})
            elif line.startswith("ENDSECTION"):
                current = None
            elif line.startswith("#") or not line.strip():
                if current is None and not self.sections:
                    self.header.append(line)
            elif "=" in line:
                key, value = line.split("=", 1)
                if current is None and "/" in key:
                    sec, key = key.split("/", 1)
                    self.sections.setdefault(sec, {})[key] = value
                elif current is not None:
                    self.sections[current][key] = value

    def get(self, sec, key, default=""):
        with self.lock:
            return self.sections.get(sec, {}).get(key, default)

    def items(self, sec):
        with self.lock:
            return list(self.sections.get(sec, {}).items())

    def set(self, sec, key, value):
        with self.lock:
            self.sections.setdefault(sec, {})[key] = value

    def section_lines(self, sec):
        with self.lock:
            if sec not in self.sections:
                return None
            body = ["%s=%s" % kv for kv in self.sections[sec].items()]
        return ["SECTION " + sec] + body + ["ENDSECTION " + sec]

    def lines(self):
        out = list(self.header)
        with self.lock:
            names = list(self.sections)
        for sec in names:
            out += self.section_lines(sec) or []
        return out


def rewrite_ports(cfg, http_port, https_port, rtsp_port, extra=()):
    """Port keys follow the listeners; a service is on only if served.
    extra: (section, KEY, value) set as given (ONVIF, WS-Discovery)."""
    on = {"webserver/HTTP": http_port, "webserver/HTTPS": https_port,
          "services/RTSP": rtsp_port}
    for sec, key, value in extra:
        cfg.set(sec, key, str(value))
    if http_port:
        cfg.set("webserver", "PORTS", str(http_port))
    if https_port:
        cfg.set("webserver", "HTTPS_PORT", str(https_port))
    if rtsp_port:
        cfg.set("services", "RTSP_PORT", str(rtsp_port))
    for name, port in on.items():
        sec, key = name.split("/")
        cfg.set(sec, key, "1" if port and cfg.get(sec, key) == "1" else "0")


def parse_net(text):
    """ADDR, ADDR/PREFIX or ADDR/NETMASK; None when it does not parse."""
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def client_addr(ip):
    addr = ipaddress.ip_address(ip.split("%")[0])
    if addr.version == 6 and addr.ipv4_mapped:
        return addr.ipv4_mapped
    return addr


def acl_allows(cfg, ip):
    """Off: everyone.  On: temporary deny, loopback, allow rules, NOMATCH.

    The guide: blocking takes effect only while IP-Level Access Control
    is on, so the temporary deny rules do nothing while it is off."""
    addr = client_addr(ip)
    rules = cfg.items(ACL_SECTION)
    if cfg.get(ACL_SECTION, "ENABLED") != "1":
        return True
    for key, value in rules:
        net = parse_net(value) if key.startswith(ACL_DENY_PREFIX) else None
        if net is not None and net.version == addr.version and addr in net:
            return False
    if addr.is_loopback:
        return True
    for key, value in rules:
        net = parse_net(value) if key.startswith(ACL_ALLOW_PREFIX) else None
        if net is not None and net.version == addr.version and addr in net:
            return True
    return cfg.get(ACL_SECTION, "NOMATCH", "allow") != "deny"


class LineLog:
    """A log file written one flushed line at a time, from any thread."""

    def __init__(self, path):
        self.f = open(path, "a", encoding="utf-8", errors="replace") \
            if path else None
        self.lock = threading.Lock()

    def write(self, line):
        if not self.f:
            return
        with self.lock:
            self.f.write(line + "\n")
            self.f.flush()


def clf_escape(text):
    return "".join(c if 0x20 <= ord(c) < 0x7f and c not in '"\\'
                   else "\\x%02x" % (ord(c) & 0xff) for c in text)


def clf_time():
    return time.strftime("%d/%b/%Y:%H:%M:%S %z", time.localtime())


class Auth:
    """Basic and Digest (RFC 7617, RFC 7616) for one user."""

    ALGS = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}

    def __init__(self, scheme, user, password, digest_algs):
        self.scheme = scheme
        self.user = user
        self.password = password
        self.algs = digest_algs
        self.nonces = {}
        self.lock = threading.Lock()

    def challenges(self):
        if self.scheme == "basic":
            return ['Basic realm="%s"' % REALM]
        out = []
        for alg in self.algs:
            nonce = secrets.token_hex(16)
            with self.lock:
                self.nonces[nonce] = time.monotonic()
            out.append('Digest realm="%s", qop="auth", algorithm=%s, '
                       'nonce="%s", opaque="%s"' %
                       (REALM, alg, nonce, secrets.token_hex(8)))
        return out

    @staticmethod
    def digest_params(text):
        pat = re.compile(r'\s*([A-Za-z0-9_-]+)\s*=\s*'
                         r'("((?:[^"\\]|\\.)*)"|[^,\s]*)\s*,?')
        params, pos = {}, 0
        while pos < len(text):
            m = pat.match(text, pos)
            if not m:
                break
            value = m.group(3) if m.group(3) is not None else m.group(2)
            params[m.group(1).lower()] = re.sub(r"\\(.)", r"\1", value)
            pos = m.end()
        return params

    def attempted_user(self, header):
        """The user name a client tried, for the access log, or None."""
        if not header:
            return None
        scheme, _, rest = header.partition(" ")
        if scheme.lower() == "basic":
            try:
                return base64.b64decode(rest.strip()).decode(
                    "utf-8", "replace").split(":", 1)[0]
            except ValueError:
                return None
        if scheme.lower() == "digest":
            return self.digest_params(rest).get("username")
        return None

    def check(self, header, method, uri):
        if not header:
            return False
        scheme, _, rest = header.partition(" ")
        if scheme.lower() == "basic" and self.scheme == "basic":
            try:
                user, _, pw = base64.b64decode(rest.strip()).decode(
                    "utf-8").partition(":")
            except ValueError:
                return False
            return user == self.user and pw == self.password
        if scheme.lower() == "digest" and self.scheme == "digest":
            return self.check_digest(self.digest_params(rest), method, uri)
        return False

    def check_digest(self, p, method, uri):
        alg = p.get("algorithm", "MD5")
        if alg not in self.algs or p.get("username") != self.user:
            return False
        with self.lock:
            born = self.nonces.get(p.get("nonce", ""))
        if born is None or time.monotonic() - born > NONCE_TTL_S:
            return False
        if p.get("realm") != REALM or p.get("uri") != uri:
            return False
        h = self.ALGS[alg]

        def hx(*parts):
            return h(":".join(parts).encode()).hexdigest()
        ha1 = hx(self.user, REALM, self.password)
        ha2 = hx(method, uri)
        if p.get("qop") == "auth":
            want = hx(ha1, p["nonce"], p.get("nc", ""), p.get("cnonce", ""),
                      "auth", ha2)
        else:
            want = hx(ha1, p["nonce"], ha2)
        return secrets.compare_digest(want, p.get("response", ""))


class Camera:
    """State shared by every listener."""

    def __init__(self, args, cfg):
        self.args = args
        self.cfg = cfg
        algs = {"md5": ["MD5"], "sha256": ["SHA-256"],
                "both": ["SHA-256", "MD5"]}[args.digest_alg]
        scheme = args.auth or (cfg.get("webserver", "AUTH") or "basic")
        self.auth = Auth(scheme, args.user, args.password, algs)
        self.access = LineLog(args.access_log)
        self.api_log = LineLog(args.api_log)
        self.onvif = onvif.OnvifService(self, args)

    def run_api(self, client, text):
        """Run the command lines; the reply body, framed."""
        out, writing = [API_BEGIN], False
        for raw in text.split("\n"):
            line = raw.strip()
            if not line:
                continue
            key, eq, value = line.partition("=")
            if writing and eq and "/" in key:
                sec, _, name = key.partition("/")
                self.cfg.set(sec.strip(), name.strip(), value)
                self.api_log.write("%s write %s/%s=%s" %
                                   (client, sec, name, value))
                continue
            writing = False
            self.api_log.write("%s %s" % (client, line))
            if line == "quit":
                break
            writing = self.api_command(line, out)
        out.append(API_END)
        return "\n".join(out) + "\n"

    def api_command(self, line, out):
        words = line.split()
        if words == ["helo"]:
            return False
        if words == ["view", "configfile"]:
            out.extend(self.cfg.lines())
        elif words[:2] == ["view", "section"] and len(words) == 3:
            lines = self.cfg.section_lines(words[2])
            out.extend(lines if lines is not None else
                       ["%s no section %s" % (API_ERROR, words[2])])
        elif words == ["write", "params"]:
            return True
        elif words == ["store"]:
            out.append("#stored")
        elif words == ["update"]:
            out.append("#updated")
        else:
            out.append("%s unknown command %s" % (API_ERROR, line))
        return False

    def robots(self):
        if self.cfg.get("pageoptions", "CRAWLER") == "forbidden":
            return "User-agent: *\nDisallow: /\n"
        return "User-agent: *\nDisallow:\n"


def quiet_error():
    """A client that hangs up is normal for probes; anything else is not."""
    exc = sys.exc_info()[1]
    if not isinstance(exc, (ConnectionError, TimeoutError, ssl.SSLError)):
        print("camsim: %r" % exc, file=sys.stderr)


class WebHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def version_string(self):
        return "camsim/1.0"

    def log_message(self, fmt, *args):
        pass

    @property
    def cam(self):
        return self.server.camera

    def setup(self):
        super().setup()
        self.request.settimeout(CONN_TIMEOUT_S)

    def send(self, status, body=b"", ctype="text/plain", extra=()):
        self.send_response(status)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.close_connection = True
        self.log_clf(status, len(body))

    def log_clf(self, status, size):
        user = self.cam.auth.attempted_user(
            self.headers.get("Authorization")) if self.headers else None
        self.cam.access.write('%s - %s [%s] "%s" %d %d' % (
            self.client_address[0], clf_escape(user) if user else "-",
            clf_time(), clf_escape(self.requestline), status, size))

    def authorized(self):
        return self.cam.auth.check(self.headers.get("Authorization"),
                                   self.command, self.path)

    def deny_401(self):
        extra = [("WWW-Authenticate", c) for c in self.cam.auth.challenges()]
        self.send(401, b"Unauthorized\n", extra=extra)

    def handle_one(self):
        path = self.path.split("?", 1)[0]
        if not acl_allows(self.cam.cfg, self.client_address[0]):
            return self.send(403, b"Forbidden\n")
        if self.server.onvif_only or path == self.cam.onvif.path:
            return self.onvif_request(path)
        if path == "/robots.txt":
            return self.send(200, self.cam.robots().encode())
        if path == "/admin/remoteconfig":
            return self.remoteconfig()
        public = self.cam.cfg.get("acl", "public") != ""
        if path in PUBLIC_PAGES and (public or self.authorized()):
            return self.page(path)
        if not self.authorized():
            return self.deny_401()
        if path in PUBLIC_PAGES:
            return self.page(path)
        return self.send(404, b"Not Found\n")

    def page(self, path):
        if path.endswith(".jpg"):
            return self.send(200, b"\xff\xd8\xff\xe0camsim\xff\xd9",
                             "image/jpeg")
        return self.send(200, b"<html><body>camsim</body></html>\n",
                         "text/html")

    def remoteconfig(self):
        if self.command != "POST":
            return self.send(405, b"POST only\n", extra=[("Allow", "POST")])
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit() or int(length) > BODY_MAX:
            return self.send(411, b"Content-Length needed\n")
        body = self.rfile.read(int(length)).decode("utf-8", "replace")
        if not self.authorized():
            return self.deny_401()
        reply = self.cam.run_api(self.client_address[0], body)
        self.send(200, reply.encode(), "text/plain")

    def onvif_request(self, path):
        """The device service; 404 where it is off or not at path."""
        svc = self.cam.onvif
        if not svc.on or path != svc.path:
            return self.send(404, b"Not Found\n")
        if self.command != "POST":
            return self.send(405, b"POST only\n", extra=[("Allow", "POST")])
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit() or int(length) > BODY_MAX:
            return self.send(411, b"Content-Length needed\n")
        body = self.rfile.read(int(length))
        status, reply, ctype, extra = svc.handle(self, body)
        self.send(status, reply, ctype, extra)

    def do_GET(self):
        self.handle_one()

    do_HEAD = do_GET
    do_POST = do_GET


class WebServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, camera, ctx=None, onvif_only=False):
        self.address_family = socket.AF_INET6 if ":" in addr[0] \
            else socket.AF_INET
        self.camera = camera
        self.ctx = ctx
        self.onvif_only = onvif_only
        super().__init__(addr, WebHandler)

    def handle_error(self, request, client_address):
        quiet_error()

    def finish_request(self, request, client_address):
        if self.ctx is not None:
            try:
                request.settimeout(CONN_TIMEOUT_S)
                request = self.ctx.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        super().finish_request(request, client_address)


class RtspHandler(socketserver.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.request.settimeout(CONN_TIMEOUT_S)

    def read_head(self):
        lines, size = [], 0
        while True:
            line = self.rfile.readline(RTSP_HEAD_MAX)
            size += len(line)
            if not line or size > RTSP_HEAD_MAX:
                return None
            line = line.decode("utf-8", "replace").rstrip("\r\n")
            if not line:
                return lines
            lines.append(line)

    def reply(self, status, reason, cseq, headers=(), body=b""):
        out = ["RTSP/1.0 %d %s" % (status, reason), "CSeq: %s" % cseq,
               "Server: camsim/1.0"] + list(headers)
        if body:
            out.append("Content-Length: %d" % len(body))
        self.wfile.write(("\r\n".join(out) + "\r\n\r\n").encode() + body)

    def handle(self):
        cam = self.server.camera
        if not acl_allows(cam.cfg, self.client_address[0]):
            return
        while True:
            head = self.read_head()
            if not head:
                return
            self.answer(cam, head)

    def answer(self, cam, head):
        method, url = (head[0].split() + ["", ""])[:2]
        hdrs = dict((k.strip().lower(), v.strip()) for k, _, v in
                    (h.partition(":") for h in head[1:]))
        cseq = hdrs.get("cseq", "0")
        if cam.cfg.get("services", "RTSP_AUTH") == "1" and \
                not cam.auth.check(hdrs.get("authorization"), method, url):
            return self.reply(401, "Unauthorized", cseq, [
                "WWW-Authenticate: " + c for c in cam.auth.challenges()])
        if method == "OPTIONS":
            return self.reply(200, "OK", cseq, [
                "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN"])
        if method == "DESCRIBE":
            sdp = ("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=camsim\r\n"
                   "t=0 0\r\nm=video 0 RTP/AVP 26\r\n").encode()
            return self.reply(200, "OK", cseq, [
                "Content-Type: application/sdp", "Content-Base: " + url],
                sdp)
        return self.reply(501, "Not Implemented", cseq)


class RtspServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        quiet_error()

    def __init__(self, addr, camera):
        self.address_family = socket.AF_INET6 if ":" in addr[0] \
            else socket.AF_INET
        self.camera = camera
        super().__init__(addr, RtspHandler)


class Blackhole:
    """Accepts TCP connections and never answers them."""

    def __init__(self, addr):
        fam = socket.AF_INET6 if ":" in addr[0] else socket.AF_INET
        self.sock = socket.socket(fam, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(addr)
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.held = []

    def serve_forever(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)


TLS_VERSIONS = {"1.0": "TLSv1", "1.1": "TLSv1_1", "1.2": "TLSv1_2",
                "1.3": "TLSv1_3"}


def tls_context(args):
    """Server context; SECLEVEL=0 so that test keys of any size load."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        if args.tls_min:
            ctx.minimum_version = getattr(ssl.TLSVersion,
                                          TLS_VERSIONS[args.tls_min])
        if args.tls_max:
            ctx.maximum_version = getattr(ssl.TLSVersion,
                                          TLS_VERSIONS[args.tls_max])
            if args.tls_max in ("1.0", "1.1") and not args.tls_min:
                ctx.minimum_version = ssl.TLSVersion.TLSv1
    ctx.load_cert_chain(args.cert, args.key)
    return ctx


def openssl_fallback(args, port):
    """TLS 1.0/1.1-only handshakes through openssl s_server, if Python's
    OpenSSL refused them (not needed on Debian 12; see README)."""
    flag = {"1.0": "-tls1", "1.1": "-tls1_1"}[args.tls_max]
    return subprocess.Popen(
        ["openssl", "s_server", "-quiet", "-www", "-accept",
         "%s:%d" % (args.bind, port), flag, "-cert", args.cert,
         "-key", args.key, "-cipher", "DEFAULT:@SECLEVEL=0"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def load_config(args):
    path = args.config or os.path.join(
        ROOT, "examples", "camera-%s.cfg" % args.profile)
    with open(path, encoding="utf-8") as f:
        return Config(f.read())


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--profile", choices=sorted(PROFILE_USERS),
                   default="default")
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--http-port", type=int)
    p.add_argument("--https-port", type=int)
    p.add_argument("--rtsp-port", type=int)
    p.add_argument("--blackhole-port", type=int)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--auth", choices=("basic", "digest"))
    p.add_argument("--digest-alg", choices=("md5", "sha256", "both"),
                   default="both")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--access-log")
    p.add_argument("--api-log")
    p.add_argument("--config")
    p.add_argument("--tls-min", choices=sorted(TLS_VERSIONS))
    p.add_argument("--tls-max", choices=sorted(TLS_VERSIONS))
    p.add_argument("--onvif", choices=("on", "off"), default="on")
    p.add_argument("--onvif-path")
    p.add_argument("--onvif-port", type=int)
    p.add_argument("--onvif-raw")
    p.add_argument("--onvif-auth", choices=("none", "required"))
    p.add_argument("--onvif-deny", choices=onvif.DENY_MODES,
                   default="fault")
    p.add_argument("--wsd-port", type=int)
    p.add_argument("--wsd-silent", action="store_true")
    p.add_argument("--wsd-force", action="store_true")
    p.add_argument("--wsd-raw")
    p.add_argument("--wsd-other-port", action="store_true")
    args = p.parse_args(argv)
    if args.onvif_raw and args.onvif_port is None:
        p.error("--onvif-raw needs --onvif-port")
    if args.onvif_path and not args.onvif_path.startswith("/"):
        p.error("--onvif-path must start with /")
    args.onvif_auth = args.onvif_auth or PROFILE_ONVIF_AUTH[args.profile]
    if args.https_port is not None and not (args.cert and args.key):
        p.error("--https-port needs --cert and --key")
    user, password = PROFILE_USERS[args.profile]
    args.user = args.user if args.user is not None else user
    args.password = args.password if args.password is not None \
        else password
    return args


def bind_all(args, camera):
    """Every listener, bound; their ports (0 asks the kernel for one)."""
    servers, ports, child = [], {}, None
    if args.http_port is not None:
        servers.append(WebServer((args.bind, args.http_port), camera))
        ports["http"] = servers[-1].server_address[1]
    if args.https_port is not None:
        try:
            servers.append(WebServer((args.bind, args.https_port), camera,
                                     tls_context(args)))
            ports["https"] = servers[-1].server_address[1]
        except (ssl.SSLError, ValueError) as e:
            if args.tls_max not in ("1.0", "1.1") or not args.https_port:
                raise
            print("camsim: Python's ssl refused TLS %s (%s); using "
                  "openssl s_server" % (args.tls_max, e), file=sys.stderr)
            child = openssl_fallback(args, args.https_port)
            ports["https"] = args.https_port
    if args.rtsp_port is not None:
        servers.append(RtspServer((args.bind, args.rtsp_port), camera))
        ports["rtsp"] = servers[-1].server_address[1]
    if args.blackhole_port is not None:
        servers.append(Blackhole((args.bind, args.blackhole_port)))
        ports["blackhole"] = servers[-1].port
    bind_onvif(args, camera, servers, ports)
    return servers, ports, child


def bind_onvif(args, camera, servers, ports):
    """The dedicated ONVIF port and the WS-Discovery port, if asked for."""
    if args.onvif_port is not None:
        addr = (args.bind, args.onvif_port)
        servers.append(onvif.RawReplyServer(addr, args.onvif_raw)
                       if args.onvif_raw else
                       WebServer(addr, camera, onvif_only=True))
        ports["onvif"] = servers[-1].server_address[1] \
            if not args.onvif_raw else servers[-1].port
    if args.wsd_port is None:
        return
    if not onvif.wants_responder(args, camera.cfg):
        ports["wsd"] = onvif.free_udp_port(args.bind)
        return
    web = ports.get("http") or ports.get("onvif") or 80
    host = "[%s]" % args.bind if ":" in args.bind else args.bind
    xaddr = "http://%s:%d%s" % (host, web, camera.onvif.path)
    servers.append(onvif.WsdResponder((args.bind, args.wsd_port), camera,
                                      args, xaddr))
    ports["wsd"] = servers[-1].port


def onvif_keys(args, ports):
    """The configuration keys the ONVIF listeners rewrite."""
    keys = []
    if "onvif" in ports:
        keys.append(("services", "ONVIF_PORT", ports["onvif"]))
    if args.onvif_path:
        keys.append(("services", "ONVIF_PATH", args.onvif_path))
    if "wsd" in ports:
        keys.append(("services", "ONVIF_DISCOVERY_PORT", ports["wsd"]))
    return keys


def main(argv):
    args = parse_args(argv)
    cfg = load_config(args)
    camera = Camera(args, cfg)
    servers, ports, child = bind_all(args, camera)
    rewrite_ports(cfg, ports.get("http"), ports.get("https"),
                  ports.get("rtsp"), onvif_keys(args, ports))
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    for srv in servers:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    print("camsim ready " + " ".join(
        "%s=%d" % kv for kv in sorted(ports.items())), flush=True)
    while not stop.wait(3600):
        pass
    if child:
        child.terminate()
        child.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
