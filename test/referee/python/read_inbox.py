"""Reads the messages with one subject from the account's Inbox, with their attachments."""
import base64

from referee import account, arg, run


def scenario():
    acc = account()
    found = []
    for item in acc.inbox.filter(subject=arg("subject")):
        found.append({
            "subject": item.subject,
            "isRead": item.is_read,
            "from": item.sender.email_address if item.sender else None,
            "hasAttachments": item.has_attachments,
            "attachments": [
                {"name": a.name, "base64": base64.b64encode(a.content).decode("ascii")} for a in item.attachments
            ],
        })
    return {"messages": found}


run(scenario)
