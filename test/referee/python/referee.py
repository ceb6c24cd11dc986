"""Connection setup shared by the referee scenarios.

Each scenario script imports this module, builds an exchangelib Account from the environment the
TypeScript test passes, does one thing and prints one JSON object on stdout. Any exception becomes
{"error": {...}} on stdout and exit status 1, so the test can show what exchangelib said.
"""
import json
import os
import sys
import traceback

import requests.adapters
from exchangelib import DELEGATE, IMPERSONATION, NTLM, Account, Build, Configuration, Credentials, Version
from exchangelib.protocol import BaseProtocol

# Exchange 2016 CU23, the build the sandbox announces; fixing it skips exchangelib's version probing.
SANDBOX_BUILD = Build(15, 1, 2507, 6)


class SandboxCaAdapter(requests.adapters.HTTPAdapter):
    """Verifies the server certificate against the sandbox's test CA instead of the system store."""

    def cert_verify(self, conn, url, verify, cert):
        super().cert_verify(conn=conn, url=url, verify=os.environ["REFEREE_CA_FILE"], cert=cert)


def account(mailbox=None):
    """The Account for REFEREE_MAILBOX (or `mailbox`), logged on as REFEREE_USERNAME."""
    BaseProtocol.HTTP_ADAPTER_CLS = SandboxCaAdapter
    credentials = Credentials(username=os.environ["REFEREE_USERNAME"], password=os.environ["REFEREE_PASSWORD"])
    config = Configuration(
        service_endpoint=os.environ["REFEREE_ENDPOINT"],
        credentials=credentials,
        auth_type=NTLM,
        version=Version(build=SANDBOX_BUILD),
    )
    access_type = IMPERSONATION if os.environ["REFEREE_ACCESS"] == "impersonation" else DELEGATE
    return Account(
        primary_smtp_address=mailbox or os.environ["REFEREE_MAILBOX"],
        config=config,
        autodiscover=False,
        access_type=access_type,
    )


def arg(name):
    """A scenario parameter the test passes as REFEREE_ARG_<NAME>."""
    return os.environ["REFEREE_ARG_" + name.upper()]


def run(scenario):
    """Runs scenario() and prints its result, or the exception exchangelib raised, as JSON."""
    try:
        result = scenario()
    except Exception as error:  # the test reports every failure, whatever its class
        print(json.dumps({"error": {"type": type(error).__name__, "message": str(error),
                                    "traceback": traceback.format_exc()}}))
        sys.exit(1)
    print(json.dumps(result, default=str))
