"""moto's server, serving one request at a time, with item-level rollback.

Run by infra/localstack (go:embed). Two changes to moto_server, both so that
the tests test our code and not the emulator:

1. One request at a time. moto_server is threaded, and moto rolls a failed
   TransactWriteItems back by restoring a snapshot of the whole table, which
   wipes a concurrent transaction that succeeded: something DynamoDB never
   does. Serial requests give each transaction the isolation DynamoDB gives.

2. Item-level rollback. moto takes that snapshot with copy.deepcopy of every
   table a transaction touches, once per item, before every transaction:
   seconds per transaction on a table of a few thousand items. Here only the
   items the transaction touches are saved, and restored (with the table's
   stream) when it fails.
"""

import copy

import moto.dynamodb.models as models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
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

run_simple("127.0.0.1", 0, DomainDispatcherApplication(create_backend_app), threaded=False)
