"""camsim_onvif - the simulator's ONVIF device service and WS-Discovery
responder (Python 3 stdlib), used by camsim.py.

The device service answers SOAP 1.2 requests on the web listeners' ONVIF
path (and on a dedicated port on request): GetDeviceInformation and
GetUsers from the served configuration, GetSystemDateAndTime always (ONVIF
allows it before authentication), anything else with a Receiver fault
ter:ActionNotSupported.  When it requires authentication it takes a
WS-UsernameToken (PasswordDigest) or the web server's HTTP scheme, and
refuses the rest as the deny mode says.  The WS-Discovery responder
answers a Probe on UDP with ProbeMatches relating to its MessageID.
See README.md.
"""
import base64
import hashlib
import secrets
import socket
import threading
import time
import xml.etree.ElementTree as ET

SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
TDS = "http://www.onvif.org/ver10/device/wsdl"
TT = "http://www.onvif.org/ver10/schema"
TER = "http://www.onvif.org/ver10/error"
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
WSSE = ("http://docs.oasis-open.org/wss/2004/01/"
        "oasis-200401-wss-wssecurity-secext-1.0.xsd")
WSU = ("http://docs.oasis-open.org/wss/2004/01/"
       "oasis-200401-wss-wssecurity-utility-1.0.xsd")
PASSWORD_DIGEST = ("http://docs.oasis-open.org/wss/2004/01/"
                   "oasis-200401-wss-username-token-profile-1.0"
                   "#PasswordDigest")
SOAP_CTYPE = "application/soap+xml; charset=utf-8"
DEFAULT_PATH = "/onvif/device_service"
DATAGRAM_MAX = 65535
DENY_MODES = ("fault", "fault200", "401")


def envelope(body, header=""):
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<env:Envelope xmlns:env="%s" xmlns:tds="%s" xmlns:tt="%s" '
            'xmlns:ter="%s" xmlns:wsa="%s" xmlns:d="%s">'
            '<env:Header>%s</env:Header><env:Body>%s</env:Body>'
            '</env:Envelope>' % (SOAP12, TDS, TT, TER, WSA, WSD, header,
                                 body)).encode()


def fault(code, subcode, reason):
    return envelope(
        '<env:Fault><env:Code><env:Value>env:%s</env:Value>'
        '<env:Subcode><env:Value>ter:%s</env:Value></env:Subcode>'
        '</env:Code><env:Reason><env:Text xml:lang="en">%s</env:Text>'
        '</env:Reason></env:Fault>' % (code, subcode, reason))


def xml_text(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def parse_soap(body):
    """The request's root element, or None when it is not XML."""
    try:
        return ET.fromstring(body)
    except ET.ParseError:
        return None


def operation(root):
    """Local name of the Body's first element ("" when there is none)."""
    if root is None:
        return ""
    b = root.find("{%s}Body" % SOAP12)
    if b is None or len(b) == 0:
        return ""
    return b[0].tag.rsplit("}", 1)[-1]


def username_token_ok(root, user, password):
    """A WS-UsernameToken with a PasswordDigest of user's password."""
    if root is None:
        return False
    tok = root.find("{%s}Header/{%s}Security/{%s}UsernameToken" %
                    (SOAP12, WSSE, WSSE))
    if tok is None:
        return False
    name = tok.findtext("{%s}Username" % WSSE, "")
    pw = tok.find("{%s}Password" % WSSE)
    nonce = tok.findtext("{%s}Nonce" % WSSE, "")
    created = tok.findtext("{%s}Created" % WSU, "")
    if name != user or pw is None or \
            pw.get("Type", PASSWORD_DIGEST) != PASSWORD_DIGEST:
        return False
    try:
        raw = base64.b64decode(nonce)
    except ValueError:
        return False
    want = base64.b64encode(hashlib.sha1(
        raw + created.encode() + password.encode()).digest()).decode()
    return secrets.compare_digest(want, (pw.text or "").strip())


class OnvifService:
    """What the device service answers, from the camera's state."""

    def __init__(self, camera, args):
        self.cam = camera
        self.on = args.onvif == "on"
        self.path = args.onvif_path or DEFAULT_PATH
        self.auth_required = args.onvif_auth == "required"
        self.deny = args.onvif_deny

    def users(self):
        out = []
        for key, value in self.cam.cfg.items("users"):
            if not key.startswith("user_"):
                continue
            f = dict(kv.partition("=")[::2] for kv in value.split(":"))
            level = "Administrator" if "admins" in \
                f.get("group", "").split(",") else "User"
            out.append('<tds:User><tt:Username>%s</tt:Username>'
                       '<tt:UserLevel>%s</tt:UserLevel></tds:User>' %
                       (xml_text(f.get("name", "")), level))
        return "".join(out)

    def device_information(self):
        cfg = self.cam.cfg
        model = next((h[2:] for h in cfg.header if h.startswith("#:MX-")
                      and not h.startswith("#:MX-V")), "MX")
        fields = (("Manufacturer", "MOBOTIX"), ("Model", model),
                  ("FirmwareVersion", cfg.get("timestamp", "VERSION")),
                  ("SerialNumber", cfg.get("ethernet", "IPADDR")),
                  ("HardwareId", model))
        return "".join("<tds:%s>%s</tds:%s>" % (k, xml_text(v), k)
                       for k, v in fields)

    def answer(self, op):
        """(status, body) for an operation that may be answered."""
        if op == "GetDeviceInformation":
            body = self.device_information()
        elif op == "GetUsers":
            body = self.users()
        elif op == "GetSystemDateAndTime":
            t = time.gmtime()
            body = ('<tds:SystemDateAndTime><tt:DateTimeType>NTP'
                    '</tt:DateTimeType><tt:UTCDateTime><tt:Time>'
                    '<tt:Hour>%d</tt:Hour><tt:Minute>%d</tt:Minute>'
                    '<tt:Second>%d</tt:Second></tt:Time></tt:UTCDateTime>'
                    '</tds:SystemDateAndTime>' % t[3:6])
        else:
            return 500, fault("Receiver", "ActionNotSupported",
                              "Optional Action Not Implemented")
        return 200, envelope("<tds:%sResponse>%s</tds:%sResponse>" %
                             (op, body, op))

    def denied(self):
        """(status, body, extra headers) for an anonymous request."""
        if self.deny == "401":
            return 401, b"Unauthorized\n", [
                ("WWW-Authenticate", c) for c in self.cam.auth.challenges()]
        body = fault("Sender", "NotAuthorized", "Sender not Authorized")
        return (200 if self.deny == "fault200" else 400), body, []

    def handle(self, handler, body):
        """(status, body, content type, extra headers) for one POST."""
        root = parse_soap(body)
        op = operation(root)
        if root is None or not op:
            return 400, fault("Sender", "WellFormed", "Not SOAP"), \
                SOAP_CTYPE, []
        free = op == "GetSystemDateAndTime"
        if self.auth_required and not free and not (
                handler.authorized() or username_token_ok(
                    root, self.cam.auth.user, self.cam.auth.password)):
            status, reply, extra = self.denied()
            ctype = "text/plain" if status == 401 else SOAP_CTYPE
            return status, reply, ctype, extra
        status, reply = self.answer(op)
        return status, reply, SOAP_CTYPE, []


class RawReplyServer:
    """Answers every TCP connection with a file's bytes, then closes."""

    def __init__(self, addr, path):
        fam = socket.AF_INET6 if ":" in addr[0] else socket.AF_INET
        with open(path, "rb") as f:
            self.reply = f.read()
        self.sock = socket.socket(fam, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(addr)
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]

    def one(self, conn):
        try:
            conn.settimeout(5)
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                head += chunk
            conn.sendall(self.reply)
        except OSError:
            pass
        finally:
            conn.close()

    def serve_forever(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.one, args=(conn,),
                             daemon=True).start()


def probe_matches(relates_to, address):
    header = ('<wsa:MessageID>urn:uuid:%s</wsa:MessageID>'
              '<wsa:RelatesTo>%s</wsa:RelatesTo>'
              '<wsa:To>%s/role/anonymous</wsa:To>'
              '<wsa:Action>%s/ProbeMatches</wsa:Action>' %
              (secrets.token_hex(16), xml_text(relates_to), WSA, WSD))
    body = ('<d:ProbeMatches><d:ProbeMatch><wsa:EndpointReference>'
            '<wsa:Address>urn:uuid:camsim-0003c5</wsa:Address>'
            '</wsa:EndpointReference>'
            '<d:Types xmlns:dn="http://www.onvif.org/ver10/network/wsdl">'
            'dn:NetworkVideoTransmitter</d:Types>'
            '<d:Scopes>onvif://www.onvif.org/name/camsim</d:Scopes>'
            '<d:XAddrs>%s</d:XAddrs><d:MetadataVersion>1'
            '</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches>' %
            xml_text(address))
    return envelope(body, header)


class WsdResponder:
    """WS-Discovery on UDP: ProbeMatches to every Probe, or as told."""

    def __init__(self, addr, camera, args, xaddr):
        fam = socket.AF_INET6 if ":" in addr[0] else socket.AF_INET
        self.cam = camera
        self.silent = args.wsd_silent
        self.force = args.wsd_force
        self.raw = None
        if args.wsd_raw:
            with open(args.wsd_raw, "rb") as f:
                self.raw = f.read()
        self.xaddr = xaddr
        self.sock = socket.socket(fam, socket.SOCK_DGRAM)
        self.sock.bind(addr)
        self.port = self.sock.getsockname()[1]
        self.out = self.sock
        if args.wsd_other_port:
            self.out = socket.socket(fam, socket.SOCK_DGRAM)
            self.out.bind((addr[0], 0))

    def reply_to(self, data):
        root = parse_soap(data)
        if root is None or operation(root) != "Probe":
            return None
        msg_id = root.findtext("{%s}Header/{%s}MessageID" % (SOAP12, WSA),
                               "").strip()
        return self.raw if self.raw is not None else \
            probe_matches(msg_id, self.xaddr)

    def serve_forever(self):
        while True:
            try:
                data, peer = self.sock.recvfrom(DATAGRAM_MAX)
            except OSError:
                return
            on = self.cam.cfg.get("services", "ONVIF_DISCOVERY") == "1"
            if self.silent or not (on or self.force or self.raw):
                continue
            reply = self.reply_to(data)
            if reply is not None:
                self.out.sendto(reply[:DATAGRAM_MAX - 28], peer)


def free_udp_port(host):
    """A UDP port nobody listens on now: bound, then released."""
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((host, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wants_responder(args, cfg):
    """Whether the discovery port is held (else it is left closed)."""
    return bool(args.wsd_silent or args.wsd_force or args.wsd_raw or
                cfg.get("services", "ONVIF_DISCOVERY") == "1")
