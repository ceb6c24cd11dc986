"""Reads the item attachment of the message with one subject: the attached item and its MIME content."""
import base64

from exchangelib import ItemAttachment

from referee import account, arg, run


def scenario():
    acc = account()
    item = acc.inbox.get(subject=arg("subject"))
    attached = [a for a in item.attachments if isinstance(a, ItemAttachment)]
    return {
        "attachments": [
            {
                "name": a.name,
                "subject": a.item.subject,
                "mime": base64.b64encode(a.item.mime_content or b"").decode("ascii"),
            }
            for a in attached
        ]
    }


run(scenario)
