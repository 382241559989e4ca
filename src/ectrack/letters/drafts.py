"""Emails as unsent drafts (.eml, RFC 5322) that Outlook and Thunderbird open ready
to check and send. ectrack never sends anything.

``X-Unsent: 1`` makes Outlook open the file as a new message with a Send button;
``X-Mozilla-Draft-Info`` does the same for Thunderbird. Addresses and subjects are
built by the ``email`` package (non-ASCII names encoded, no header can be split by
a value).
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP

DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _address(name: str | None, email: str) -> Address:
    user, _, domain = email.rpartition("@")
    return Address(display_name=name or "", username=user, domain=domain)


def draft(
    *,
    to_name: str | None,
    to_email: str,
    subject: str,
    body: str,
    from_email: str | None = None,
    from_name: str | None = None,
    attachments: list[tuple[str, bytes, tuple[str, str]]] = (),
) -> bytes:
    """One unsent email as the bytes of an .eml file (CRLF line ends)."""
    message = EmailMessage(policy=SMTP)
    message["To"] = _address(to_name, to_email)
    if from_email:
        message["From"] = _address(from_name, from_email)
    message["Subject"] = subject
    message["X-Unsent"] = "1"
    message["X-Mozilla-Draft-Info"] = "internal/draft; vcard=0; receipt=0; DSN=0; uuencode=0"
    message.set_content(body)
    for file_name, data, (maintype, subtype) in attachments:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=file_name)
    return message.as_bytes()
