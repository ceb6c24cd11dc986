"""The root and every distinguished folder the account exposes resolve, each with an id."""
from referee import account, run

# exchangelib's names for the well-known folders, and the EWS DistinguishedFolderId each stands for.
FOLDERS = {
    "root": "root",
    "msg_folder_root": "msgfolderroot",
    "inbox": "inbox",
    "sent": "sentitems",
    "drafts": "drafts",
    "trash": "deleteditems",
    "outbox": "outbox",
    "junk": "junkemail",
    "calendar": "calendar",
    "contacts": "contacts",
    "tasks": "tasks",
}


def scenario():
    acc = account()
    found = {}
    for attribute, distinguished in FOLDERS.items():
        folder = getattr(acc, attribute)
        found[distinguished] = {"id": folder.id, "name": folder.name, "class": type(folder).__name__}
    return {"folders": found}


run(scenario)
