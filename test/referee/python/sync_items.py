"""Synchronises a new folder with sync_items: a full sync, new messages, a read-flag change, a delete, and more than 512 changes."""
from exchangelib import Folder, Message

from referee import account, arg, run


def changes(folder, **kwargs):
    result = []
    for change_type, item in folder.sync_items(only_fields=["subject"], max_changes_returned=512, **kwargs):
        if change_type == "read_flag_change":
            result.append({"type": change_type, "id": item[0].id, "isRead": item[1]})
        elif change_type == "delete":
            result.append({"type": change_type, "id": item.id})
        else:
            result.append({"type": change_type, "id": item.id, "subject": item.subject})
    return result


def save(acc, folder, subjects):
    items = [Message(account=acc, folder=folder, subject=subject, body="x", is_read=False) for subject in subjects]
    results = acc.bulk_create(folder=folder, items=items)
    return [r.id for r in results]


def scenario():
    acc = account()
    folder = Folder(parent=acc.inbox, name=arg("folder"))
    folder.save()
    existing = save(acc, folder, ["Existing 1", "Existing 2", "Existing 3"])
    full = changes(folder)
    new = save(acc, folder, ["New 1", "New 2"])
    after_new = changes(folder)
    read = list(acc.fetch(ids=[(new[0], None)]))[0]
    read.is_read = True
    read.save(update_fields=["is_read"])
    after_read = changes(folder)
    gone = list(acc.fetch(ids=[(existing[0], None)]))[0]
    gone.delete()
    after_delete = changes(folder)
    many = save(acc, folder, [f"Bulk {n:03d}" for n in range(int(arg("bulk")))])
    after_many = changes(folder)
    return {
        "existing": existing,
        "new": new,
        "full": full,
        "afterNew": after_new,
        "afterRead": after_read,
        "afterDelete": after_delete,
        "many": many,
        "afterMany": after_many,
    }


run(scenario)
