"""Tries to send one message and reports how the server refused it (or that it did not)."""
from exchangelib import Mailbox, Message

from referee import account, arg, run


def scenario():
    acc = account()
    message = Message(account=acc, subject=arg("subject"), body="must not arrive",
                      to_recipients=[Mailbox(email_address=arg("to"))])
    try:
        message.send(save_copy=False)
    except Exception as error:  # the refusal is the expected outcome; its class is what the test checks
        return {"refused": True, "errorType": type(error).__name__, "message": str(error)}
    return {"refused": False}


run(scenario)
