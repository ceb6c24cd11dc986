"""A folder created under Inbox is found again by path, three ways exchangelib offers."""
from exchangelib import Folder

from referee import account, arg, run


def scenario():
    acc = account()
    name = arg("folder")
    created = Folder(parent=acc.inbox, name=name)
    created.save()
    # A fresh Account: its folder cache has never seen the new folder, so each lookup asks the server.
    fresh = account()
    by_slash = fresh.inbox / name
    by_double_slash = fresh.inbox // name
    by_glob = list(fresh.root.glob(f"**/{name}"))
    return {
        "created": {"id": created.id, "parentId": acc.inbox.id},
        "bySlash": {"id": by_slash.id, "name": by_slash.name, "parentId": by_slash.parent.id},
        "byDoubleSlash": {"id": by_double_slash.id, "name": by_double_slash.name},
        "byGlob": [{"id": f.id, "name": f.name} for f in by_glob],
    }


run(scenario)
