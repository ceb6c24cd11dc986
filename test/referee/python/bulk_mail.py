"""bulk_create six unread messages, bulk_update three (read, a category), bulk_move them, bulk_delete the rest."""
from exchangelib import Folder, Message

from referee import account, arg, run


def scenario():
    acc = account()
    tag = arg("tag")
    created = acc.bulk_create(
        folder=acc.inbox,
        items=[Message(account=acc, subject=f"{tag} {n}", body="x", is_read=False) for n in range(6)],
    )
    # bulk_create answers ids only; the items themselves are fetched to be changed.
    items = list(acc.fetch(ids=created))
    first, rest = items[:3], items[3:]
    for item in first:
        item.is_read = True
        item.categories = ["Bulk"]
    updated = acc.bulk_update(items=[(item, ["is_read", "categories"]) for item in first])
    folder = Folder(parent=acc.inbox, name=arg("folder"))
    folder.save()
    moved = acc.bulk_move(ids=updated, to_folder=folder)
    deleted = acc.bulk_delete(ids=rest)
    return {
        "created": [i.id for i in created],
        "updated": [list(u) for u in updated],
        "moved": [list(m) for m in moved],
        "deleted": [d is True for d in deleted],
        "folderId": folder.id,
    }


run(scenario)
