#!/usr/bin/env python3
"""Validates events against docs/asyncapi.yaml with an independent validator (jsonschema).

usage: validate.py [--document docs/asyncapi.yaml] FILE.jsonl|- [FILE.jsonl…]

Each line of FILE is one JSON object: an envelope, or a broker record
{"topic": "aftersales.tickets", "key": "TK-1", "value": {envelope}} (topic names without a
test prefix). An envelope must match the schema of its `type` (envelope and `data`); a
record's type must also be a message of its topic's channel and its key must be the payload's
key field (`x-key-field` of the message). Prints one line per problem and a summary;
exits 0 when every event is valid, 1 otherwise, 2 on bad usage.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# setup.sh installs jsonschema and PyYAML into .local/python when the system has none.
sys.path.insert(0, os.path.join(ROOT, ".local", "python"))

import jsonschema  # noqa: E402
import referencing  # noqa: E402
import referencing.jsonschema  # noqa: E402
import yaml  # noqa: E402

BASE = "urn:aftersales:asyncapi"


def load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def validators(document):
    """One Draft 7 validator per message, resolving the document's own $refs."""
    resource = referencing.Resource.from_contents(document, default_specification=referencing.jsonschema.DRAFT7)
    registry = referencing.Registry().with_resource(BASE, resource)
    result = {}
    for name, message in document["components"]["messages"].items():
        schema = {"$ref": BASE + message["payload"]["$ref"]}
        result[name] = (jsonschema.Draft7Validator(schema, registry=registry), message.get("x-key-field"))
    return result


def channels(document):
    """Topic name → the message names its channel lists."""
    return {
        channel["address"]: {ref["$ref"].rsplit("/", 1)[-1] for ref in channel["messages"].values()}
        for channel in document["channels"].values()
    }


def problems(line, checks, topics):
    """The problems of one JSONL line (an envelope or a record)."""
    try:
        item = json.loads(line)
    except ValueError as error:
        return ["not JSON: %s" % error]
    if not isinstance(item, dict):
        return ["not a JSON object"]
    envelope, topic, key = item, None, None
    if "value" in item and "topic" in item:
        envelope, topic, key = item["value"], item["topic"], item.get("key")
    if not isinstance(envelope, dict):
        return ["the envelope is not a JSON object"]
    kind = envelope.get("type")
    if kind not in checks:
        return ["unknown event type %r" % (kind,)]
    validator, key_field = checks[kind]
    found = []
    for error in sorted(validator.iter_errors(envelope), key=lambda e: list(e.absolute_path)):
        path = ".".join(str(part) for part in error.absolute_path) or "(envelope)"
        found.append("%s: %s" % (path, error.message[:300]))
    if topic is not None:
        if topic not in topics:
            found.append("unknown topic %r" % topic)
        elif kind not in topics[topic]:
            found.append("%s is not a message of %s" % (kind, topic))
        data = envelope.get("data") if isinstance(envelope.get("data"), dict) else {}
        expected = data.get(key_field) or ""
        if (key or "") != expected:
            found.append("key %r is not data.%s %r" % (key, key_field, expected))
    return found


def main():
    parser = argparse.ArgumentParser(description="Validate events against the AsyncAPI document.")
    parser.add_argument("events", nargs="+", help="JSONL files of envelopes or records, or - for standard input")
    parser.add_argument("--document", default=os.path.join(ROOT, "docs", "asyncapi.yaml"))
    arguments = parser.parse_args()
    document = load(arguments.document)
    checks = validators(document)
    topics = channels(document)
    total = invalid = 0
    types = set()
    for name in arguments.events:
        where = "" if len(arguments.events) == 1 else "%s " % name
        source = sys.stdin if name == "-" else open(name, encoding="utf-8")
        with source:
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                total += 1
                found = problems(line, checks, topics)
                try:
                    item = json.loads(line)
                    value = item.get("value", item) if isinstance(item, dict) else None
                    types.add(value.get("type") if isinstance(value, dict) else None)
                except ValueError:
                    pass
                if found:
                    invalid += 1
                    for problem in found:
                        print("%sline %d: %s" % (where, number, problem))
    print("%d events, %d types, %d invalid" % (total, len(types - {None}), invalid))
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
