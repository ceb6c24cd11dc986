"""Marks a saved message read with save(update_fields=['is_read']), sets its categories, then clears them."""
from exchangelib import Message

from referee import account, arg, run


def fresh(acc, item):
    return list(acc.fetch(ids=[(item.id, item.changekey)]))[0]


def scenario():
    acc = account()
    item = Message(account=acc, folder=acc.inbox, subject=arg("subject"), body="x", is_read=False)
    item.save()
    item.is_read = True
    item.save(update_fields=["is_read"])
    after_read = fresh(acc, item)
    item.categories = ["Invoices", "Red"]
    item.save(update_fields=["categories"])
    after_categories = fresh(acc, item)
    item.categories = None
    item.save(update_fields=["categories"])
    after_clear = fresh(acc, item)
    return {
        "id": item.id,
        "isRead": after_read.is_read,
        "categories": after_categories.categories,
        "categoriesAfterClear": after_clear.categories,
    }


run(scenario)
