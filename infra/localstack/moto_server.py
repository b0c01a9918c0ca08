"""moto's server, serving one request at a time, with item-level rollback
and LocalStack's list of sent e-mails.

Run by infra/localstack (go:embed). Three changes to moto_server, the first
two so that the tests test our code and not the emulator:

1. One request at a time. moto rolls a failed TransactWriteItems back by
   restoring a snapshot of the whole table, which wipes a concurrent
   transaction that succeeded (something DynamoDB never does), and checks a
   condition and writes in two steps. So the server takes connections on
   threads, as moto_server does, but lets one request at a time into moto:
   each transaction gets the isolation DynamoDB gives it, and a client that
   opens a connection and sends nothing (an HTTP client's dial that was
   cancelled and parked as idle) holds up no one.

2. Item-level rollback. moto takes that snapshot with copy.deepcopy of every
   table a transaction touches, once per item, before every transaction:
   seconds per transaction on a table of a few thousand items. Here only the
   items the transaction touches are saved, and restored (with the table's
   stream) when it fails.

3. GET /_aws/ses lists the e-mails sent, newest last, in the form
   LocalStack's endpoint of that name has, so the dev server's outbox reads
   either emulator the same way.
"""

import copy
import datetime
import json
import threading

import moto.dynamodb.models as models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.ses.models import SESBackend, ses_backends
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

_transact = DynamoDBBackend.transact_write_items


class _NoTableSnapshot:
    """Stands in for the copy module while moto runs a transaction: its
    whole-table snapshot becomes the table itself, and the rollback below
    restores the touched items instead."""

    @staticmethod
    def deepcopy(x, memo=None):
        return x


def _key(table, op):
    attrs = op.get("Item") or op.get("Key") or {}
    if table.hash_key_attr not in attrs or (table.range_key_attr and table.range_key_attr not in attrs):
        return None
    rng = DynamoType(attrs[table.range_key_attr]) if table.range_key_attr else None
    return DynamoType(attrs[table.hash_key_attr]), rng


def transact_write_items(self, transact_items):
    saved = []
    for entry in transact_items:
        _, op = next(iter(entry.items()))
        table = self.tables.get(op.get("TableName"))
        key = _key(table, op) if table is not None else None
        if key is None:
            continue  # moto refuses the transaction before writing anything
        shard = table.stream_shard
        saved.append((table, key, copy.deepcopy(table.get_item(*key)), len(shard.items) if shard else 0))
    models.copy = _NoTableSnapshot
    try:
        return _transact(self, transact_items)
    except Exception:
        for table, (hash_value, range_value), old, stream_length in reversed(saved):
            items = table.items[hash_value] if range_value is not None else table.items
            slot = range_value if range_value is not None else hash_value
            if old is None:
                items.pop(slot, None)
            else:
                items[slot] = old
            if table.stream_shard is not None:
                del table.stream_shard.items[stream_length:]
        raise
    finally:
        models.copy = copy


DynamoDBBackend.transact_write_items = transact_write_items

_send_email = SESBackend.send_email


def send_email(self, *args, **kwargs):
    message = _send_email(self, *args, **kwargs)
    message.sent_at = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    message.region = self.region_name
    return message


SESBackend.send_email = send_email


def sent_mail(environ, start_response):
    messages = []
    for regions in ses_backends.values():
        for backend in regions.values():
            for m in backend.sent_messages:
                messages.append({
                    "Id": m.id,
                    "Region": getattr(m, "region", ""),
                    "Source": m.source,
                    "Destination": {"ToAddresses": list(getattr(m, "destinations", {}).get("ToAddresses", []))},
                    "Subject": getattr(m, "subject", ""),
                    "Body": {"text_part": getattr(m, "body", ""), "html_part": None},
                    "Timestamp": getattr(m, "sent_at", ""),
                })
    messages.sort(key=lambda m: m["Timestamp"])
    body = json.dumps({"messages": messages}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


moto_app = DomainDispatcherApplication(create_backend_app)
one_at_a_time = threading.Lock()


def app(environ, start_response):
    with one_at_a_time:
        if environ.get("PATH_INFO") == "/_aws/ses" and environ.get("REQUEST_METHOD") == "GET":
            return sent_mail(environ, start_response)
        # The whole response is made inside the lock: moto may build it
        # lazily from its models.
        return [b"".join(moto_app(environ, start_response))]


run_simple("127.0.0.1", 0, app, threaded=True)
