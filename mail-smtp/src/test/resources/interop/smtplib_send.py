# SPDX-License-Identifier: Apache-2.0
# Sends one message through the server under test with Python's smtplib: EHLO, STARTTLS verified
# against the test CA, AUTH PLAIN, sendmail with a body full of dot lines. Exit status 0 on success.
import smtplib
import ssl
import sys

host, port, cafile, body_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
context = ssl.create_default_context(cafile=cafile)
with open(body_file, "rb") as f:
    body = f.read()
with smtplib.SMTP(host, port, local_hostname="client.example", timeout=30) as smtp:
    code, _ = smtp.ehlo()
    assert code == 250, code
    assert smtp.has_extn("starttls"), smtp.esmtp_features
    assert "PLAIN" not in smtp.esmtp_features.get("auth", ""), "plaintext AUTH offered before TLS"
    smtp.starttls(context=context)
    smtp.ehlo()
    assert not smtp.has_extn("starttls"), "STARTTLS offered again inside TLS"
    smtp.login("alice@example.test", "secret", initial_response_ok=True)
    refused = smtp.sendmail("alice@example.test", ["bob@example.test"], body)
    assert not refused, refused
print("sent")
