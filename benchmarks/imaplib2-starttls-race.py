#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Counts how often imaplib2 (OfflineIMAP's IMAP library) loses its first command after STARTTLS.

imaplib2 reads its socket in a reader thread and writes it from other threads. After STARTTLS
that socket is one Python SSLSocket, and OpenSSL does not allow one SSL object to be read and
written at once: under TLS 1.3 the reader, handling the NewSessionTicket the server sends after
the handshake, races the CAPABILITY the client writes right after the upgrade, and now and then
that command never leaves the client. The client waits for an answer, the server for a command.

Run it against any IMAP server that offers STARTTLS, e.g. the demo (scripts/demo prints the
password) or Dovecot, once per TLS version:

    /usr/bin/python3 benchmarks/imaplib2-starttls-race.py 127.0.0.1 2143 bob@example.test PASSWORD 300 ssl23
    /usr/bin/python3 benchmarks/imaplib2-starttls-race.py 127.0.0.1 2143 bob@example.test PASSWORD 300 tls1_2

"ssl23" lets client and server agree on TLS 1.3; "tls1_2" holds the client to TLS 1.2. Needs the
Debian package offlineimap3 (it installs imaplib2 for the system Python). Eight connections run
at a time; each one that gets no answer within 15 seconds counts as lost.
"""
import concurrent.futures
import sys
import time

import imaplib2

host, port, user, password, count, version = sys.argv[1:7]


def session(_):
    started = time.time()
    imap = imaplib2.IMAP4(host, int(port), timeout=15)
    try:
        imap.starttls(ssl_version=version, tls_level="tls_compat")  # then CAPABILITY, at once
        imap.login(user, password)
        imap.select("INBOX")
    finally:
        try:
            imap.logout()
        except Exception:
            pass
    return time.time() - started


lost = 0
slowest = 0.0
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    for outcome in [pool.submit(session, i) for i in range(int(count))]:
        try:
            slowest = max(slowest, outcome.result())
        except Exception as e:  # imaplib2 reports the lost command as an abort
            lost += 1
            print("lost:", e)
print("%s connections over %s: %d without an answer, slowest complete one %.2f s"
      % (count, version, lost, slowest))
