# SPDX-License-Identifier: Apache-2.0
# A receiving server for SmtpClientInteropIT built on Python's aiosmtpd: it listens on loopback,
# refuses recipients whose local part starts with "unknown", stores each message's content and
# envelope under the given directory, prints "ready", and stops when its standard input closes.
import os
import sys

from aiosmtpd.controller import Controller

outdir, port, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])


class Handler:
    def __init__(self):
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("unknown"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(outdir, str(self.count))
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".env", "w") as f:
            f.write(" ".join([envelope.mail_from] + envelope.mail_options) + "\n")
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        return "250 2.0.0 Message accepted for delivery"


controller = Controller(Handler(), hostname="127.0.0.1", port=port, data_size_limit=size,
                        enable_SMTPUTF8=False)
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
