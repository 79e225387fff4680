"""A real SMTP server for EmailContractTest: aiosmtpd (Debian package python3-aiosmtpd).

    /usr/bin/python3 aiosmtpd_server.py --port 0 --cert cert.pem --key key.pem \
        --user wk --password s3cret --dir received/ [--mechanisms LOGIN]

Listens on 127.0.0.1 and insists on STARTTLS before anything but EHLO/HELO/NOOP/QUIT, then on
AUTH (LOGIN, PLAIN or CRAM-MD5, or only the mechanisms given) with the one user before MAIL.
Each accepted message is written to --dir as one JSON file, NNNNNN.json, before the server
answers 250:

    {"mail_from": ..., "rcpt_tos": [...], "tls": true, "auth": {"mechanism": ..., "login": ...},
     "ehlo": [names sent with EHLO/HELO on the connection, in order], "data": base64 of the raw
     message as received (CRLF line ends, dot-stuffing removed)}

Prints "READY <port>" on stdout once it accepts connections. Exits when stdin closes (so it never
outlives the test's JVM) or on SIGTERM/SIGINT.
"""
import argparse
import base64
import hmac
import json
import os
import secrets
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import MISSING, AuthResult

BUILTIN_MECHANISMS = ("LOGIN", "PLAIN")
MECHANISMS = BUILTIN_MECHANISMS + ("CRAM-MD5",)


class Recorder:
    """aiosmtpd handler: notes EHLO/HELO names and writes each message to a directory."""

    def __init__(self, directory, user, password):
        self.directory = directory
        self.user = user
        self.password = password
        self.count = 0
        self.lock = threading.Lock()

    # Kept on the SMTP protocol object, one per connection: the session is replaced after STARTTLS.
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        server.wk_hello = getattr(server, "wk_hello", []) + [hostname]
        session.host_name = hostname  # what aiosmtpd does itself when there is no hook
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        server.wk_hello = getattr(server, "wk_hello", []) + [hostname]
        session.host_name = hostname
        return "250 {}".format(server.hostname)

    # aiosmtpd offers LOGIN and PLAIN itself and takes further mechanisms from the handler's
    # auth_<NAME> methods ("__" for "-"). CRAM-MD5 (RFC 2195) needs the password in clear here.
    async def auth_CRAM__MD5(self, server, args):
        challenge = "<{}@smtp.test>".format(secrets.token_hex(8)).encode("ascii")
        response = await server.challenge_auth(challenge)
        if response is MISSING:
            return AuthResult(success=False)  # aiosmtpd has answered already
        login, _, digest = response.decode("utf-8").rpartition(" ")
        expected = hmac.new(self.password.encode("utf-8"), challenge, "md5").hexdigest()
        if login != self.user or not hmac.compare_digest(digest, expected):
            return AuthResult(success=False, handled=False)  # aiosmtpd answers 535 5.7.8
        return AuthResult(success=True, auth_data=Accepted("CRAM-MD5", login))

    async def handle_DATA(self, server, session, envelope):
        auth = session.auth_data
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "tls": session.ssl is not None,
            "auth": {"mechanism": auth.mechanism, "login": auth.login} if auth else None,
            "ehlo": getattr(server, "wk_hello", []),
            "data": base64.b64encode(envelope.original_content).decode("ascii"),
        }
        with self.lock:
            self.count += 1
            name = "{:06d}.json".format(self.count)
        tmp = os.path.join(self.directory, "." + name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(tmp, os.path.join(self.directory, name))  # readers never see half a file
        return "250 2.0.0 OK"


class Accepted:
    """What the authenticator keeps on the session: which mechanism let whom in."""

    def __init__(self, mechanism, login):
        self.mechanism = mechanism
        self.login = login


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (mechanism in BUILTIN_MECHANISMS
              and auth_data.login.decode("utf-8") == user
              and auth_data.password.decode("utf-8") == password)
        if not ok:
            return AuthResult(success=False, handled=False)  # aiosmtpd answers 535 5.7.8
        return AuthResult(success=True, auth_data=Accepted(mechanism, user))

    return check


class BoundPortController(Controller):
    """Controller that may listen on port 0: its start-up probe connects to the port actually bound."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--mechanisms", default=" ".join(MECHANISMS),
                   help="AUTH mechanisms to offer, space-separated (default: LOGIN PLAIN CRAM-MD5)")
    args = p.parse_args()

    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(args.cert, args.key)
    offered = args.mechanisms.split()
    controller = BoundPortController(
        Recorder(args.dir, args.user, args.password),
        hostname="127.0.0.1",
        port=args.port,
        server_hostname="smtp.test",
        tls_context=tls,
        require_starttls=True,
        auth_required=True,
        auth_require_tls=True,
        authenticator=authenticator(args.user, args.password),
        auth_exclude_mechanism=[m for m in MECHANISMS if m not in offered],
    )

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    controller.start()
    try:
        print("READY {}".format(controller.port), flush=True)
        sys.stdin.read()  # returns when the parent closes our stdin or dies
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
