#!/usr/bin/env python3
"""A real SMTP server for the e-mail tests (Debian's python3-aiosmtpd): STARTTLS on a
throw-away certificate, login required after STARTTLS, every message kept in a
Maildir for the test to read back. It makes its own throw-away CA and a certificate
for localhost signed by it (openssl) in DIR; the test trusts DIR/ca.pem. Prints
"ready" when it listens; stops when its standard input closes (the test ends).

usage: smtp-test-server.py PORT DIR USER PASSWORD [DELAY_MS]   (messages in DIR/mail/new)

DELAY_MS makes the server wait that long before accepting each message (a slow
server, to watch the window stay responsive while it sends).
"""
import asyncio
import os
import ssl
import subprocess
import sys
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, stderr=subprocess.DEVNULL)


def certificates(folder):
    """A CA, and a server certificate for localhost signed by it (rustls refuses a
    self-signed server certificate: a CA used as an end entity)."""
    path = lambda name: os.path.join(folder, name)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=Skolekontor test CA", "-keyout", path("ca-key.pem"), "-out", path("ca.pem"))
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
            "-keyout", path("key.pem"), "-out", path("server.csr"))
    with open(path("server.ext"), "w") as ext:
        ext.write("subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n"
                  "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca-key.pem"),
            "-CAcreateserial", "-days", "1", "-extfile", path("server.ext"), "-out", path("cert.pem"))
    return path("cert.pem"), path("key.pem")


def main():
    warnings.filterwarnings("ignore", message="Session.login_data")
    port, folder, user, password = sys.argv[1:5]
    delay = int(sys.argv[5]) / 1000 if len(sys.argv) > 5 else 0
    cert, key = certificates(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        # handled=False: aiosmtpd then answers a refusal itself (535).
        return AuthResult(success=ok, handled=False)

    class SlowMailbox(Mailbox):
        async def handle_DATA(self, server, session, envelope):
            if delay:
                await asyncio.sleep(delay)
            return await super().handle_DATA(server, session, envelope)

    controller = Controller(
        SlowMailbox(os.path.join(folder, "mail")),
        hostname="127.0.0.1",
        port=int(port),
        server_hostname="localhost",
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
