"""Resolves names and expands distribution groups, as exchangelib reports them."""
from exchangelib.properties import DLMailbox

from referee import account, arg, run


def mailbox(m):
    return {"name": m.name, "address": m.email_address, "mailboxType": m.mailbox_type}


def scenario():
    acc = account()
    full = acc.protocol.resolve_names(names=[arg("name")], return_full_contact_data=True)
    plain = acc.protocol.resolve_names(names=[arg("ambiguous")], return_full_contact_data=False)
    members = acc.protocol.expand_dl(DLMailbox(email_address=arg("group"), mailbox_type="PublicDL"))
    return {
        "full": [{**mailbox(m), "jobTitle": c.job_title, "surname": c.surname} for m, c in full],
        "ambiguous": [mailbox(m) for m in plain],
        "members": [mailbox(m) for m in members],
    }


run(scenario)
