#!/usr/bin/env python3
"""An integrator's round trip with the confluent-kafka Python client (PyPI `confluent-kafka`).

Produces a request.submitted envelope on aftersales.requests keyed by its requestId, then
consumes aftersales.tickets in a consumer group of its own until the ticket.opened of that
request arrives, and prints "KEY<TAB>ENVELOPE". The README's integration section shows it.

usage: confluent_example.py [REQUEST_ID]
Environment: KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:19092), AFTERSALES_TOPIC_PREFIX,
TIMEOUT_SECONDS (default 60).
"""
import datetime
import json
import os
import sys
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, ".local", "python"))  # where setup.sh installs it

from confluent_kafka import Consumer, Producer  # noqa: E402

broker = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092")
prefix = os.environ.get("AFTERSALES_TOPIC_PREFIX", "")
request_id = sys.argv[1] if len(sys.argv) > 1 else "REQ-PY-%s" % uuid.uuid4().hex[:12]
now = datetime.datetime.now(datetime.timezone.utc)

envelope = {
    "id": str(uuid.uuid4()), "type": "request.submitted", "version": 1,
    "occurredAt": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "source": "python-client",
    "correlationId": request_id, "causationId": None,
    "data": {
        "requestId": request_id, "channel": "app", "kind": "repair",
        "customer": {"id": "C-PY", "name": "Li Na", "phone": "13800138000", "address": "上海市徐汇区中山路1号",
                     "region": "shanghai", "location": {"lat": 31.22, "lon": 121.47}},
        "product": {"sku": "SKU-RF", "category": "refrigerator", "model": "RF-500", "purchaseDate": "%d-01-02" % now.year},
        "description": "fridge not cooling",
    },
}

producer = Producer({"bootstrap.servers": broker, "enable.idempotence": True})
producer.produce(prefix + "aftersales.requests", key=request_id, value=json.dumps(envelope).encode("utf-8"))
if producer.flush(30) != 0:
    sys.exit("the request was not delivered")
print("produced request %s on %saftersales.requests" % (request_id, prefix), file=sys.stderr)

consumer = Consumer({
    "bootstrap.servers": broker,
    "group.id": "integrator-example-%s" % uuid.uuid4().hex[:8],
    "auto.offset.reset": "earliest",
    "session.timeout.ms": 6000,  # joins a group in seconds (librdkafka's default waits longer)
})
consumer.subscribe([prefix + "aftersales.tickets"])
deadline = time.monotonic() + float(os.environ.get("TIMEOUT_SECONDS", "60"))
try:
    while time.monotonic() < deadline:
        message = consumer.poll(1.0)
        if message is None or message.error():
            continue
        event = json.loads(message.value())
        if event["type"] == "ticket.opened" and event["data"]["requestId"] == request_id:
            print("%s\t%s" % (message.key().decode("utf-8"), json.dumps(event, ensure_ascii=False)))
            sys.exit(0)
finally:
    consumer.close()
sys.exit("no ticket.opened for %s within the timeout" % request_id)
