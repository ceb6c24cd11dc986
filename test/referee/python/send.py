"""Sends an HTML message with To, Cc, Bcc and a file attachment, keeping a copy in Sent Items."""
import base64

from exchangelib import FileAttachment, HTMLBody, Mailbox, Message

from referee import account, arg, run


def scenario():
    acc = account()
    message = Message(
        account=acc,
        folder=acc.sent,
        subject=arg("subject"),
        body=HTMLBody(arg("html")),
        to_recipients=[Mailbox(email_address=arg("to"))],
        cc_recipients=[Mailbox(email_address=arg("cc"))],
        bcc_recipients=[Mailbox(email_address=arg("bcc"))],
    )
    message.attach(FileAttachment(name=arg("attachment_name"), content=base64.b64decode(arg("attachment_base64"))))
    message.send_and_save()
    return {"sent": True}


run(scenario)
