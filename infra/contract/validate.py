#!/usr/bin/env python3
"""Validates events against docs/asyncapi.yaml with an independent validator (jsonschema),
and the document itself against AsyncAPI 3.0.0.

usage: validate.py [--document docs/asyncapi.yaml] FILE.jsonl|- [FILE.jsonl…]
       validate.py --check-document [--document docs/asyncapi.yaml] [--spec SCHEMA.json…]

Each line of FILE is one JSON object: an envelope, or a broker record
{"topic": "aftersales.tickets", "key": "TK-1", "value": {envelope}} (topic names without a
test prefix). An envelope must match the schema of its `type` (envelope and `data`); a
record's type must also be a message of its topic's channel and its key must be the payload's
key field (`x-key-field` of the message). Prints one line per problem and a summary;
exits 0 when every event is valid, 1 otherwise, 2 on bad usage.

--check-document checks the document instead: against the structure of AsyncAPI 3.0.0
(asyncapi300.py: every object's fields, required fields, Kafka bindings 0.3.0/0.4.0, payload
schemas against the JSON Schema draft-07 meta-schema), against each --spec JSON Schema of the
specification (e.g. asyncapi/spec-json-schemas' schemas/3.0.0.json; asyncapi-3.0.0.schema.json
beside this script is used when present), and for what a schema cannot say: every local
`$ref` resolves and an operation's messages are its channel's. Every `$ref` of a schema must
resolve offline (the draft-07 meta-schema comes with jsonschema; nothing is fetched). Prints
one line per problem (`document: PATH: message`) and a summary; exits 0 when valid, 1 otherwise.
"""
import argparse
import json
import os
import re
import sys
from urllib.parse import urldefrag, urljoin

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# setup.sh installs jsonschema and PyYAML into .local/python when the system has none.
sys.path.insert(0, os.path.join(ROOT, ".local", "python"))

import jsonschema  # noqa: E402
import jsonschema_specifications  # noqa: E402
import referencing  # noqa: E402
import referencing.exceptions  # noqa: E402
import referencing.jsonschema  # noqa: E402
import yaml  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ beside the script
import asyncapi300  # noqa: E402

BASE = "urn:aftersales:asyncapi"
# The official JSON Schema of AsyncAPI 3.0.0, when someone puts it here (README.md).
OFFICIAL = os.path.join(HERE, "asyncapi-3.0.0.schema.json")


# MARK: Events


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


# MARK: The document against AsyncAPI 3.0.0


def refuse(uri):
    """The registry's retrieval: nothing is fetched, so tests never reach the network."""
    raise referencing.exceptions.NoSuchResource(ref=uri)


def spec_validator(schema, name):
    """A draft-07 validator of `schema` whose $refs resolve only within it (and its embedded
    `$id`s) or to the meta-schemas jsonschema ships, and the registry it uses."""
    uri = schema.get("$id") or "urn:aftersales:spec:" + name
    resource = referencing.Resource.from_contents(schema, default_specification=referencing.jsonschema.DRAFT7)
    registry = referencing.Registry(retrieve=refuse).with_resource(uri, resource).crawl()
    validator = jsonschema.Draft7Validator(schema, registry=registry, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return validator, jsonschema_specifications.REGISTRY.combine(registry), uri


def unresolvable(registry, uri, schema):
    """The $refs anywhere in `schema` (used by this document or not) that do not resolve offline."""
    found, stack, resolver = set(), [(schema, uri)], registry.resolver()
    while stack:
        node, base = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("$id"), str) and not node["$id"].startswith("#"):
                base = urldefrag(urljoin(base, node["$id"])).url
            target = node.get("$ref")
            if isinstance(target, str):
                absolute = base + target if target.startswith("#") else urljoin(base, target)
                try:
                    resolver.lookup(absolute)
                except referencing.exceptions.Unresolvable:
                    found.add(absolute)
            skipped = ("enum", "const", "examples", "example", "default")
            stack.extend((value, base) for key, value in node.items() if key not in skipped)
        elif isinstance(node, list):
            stack.extend((value, base) for value in node)
    return sorted(found)


def leaves(error):
    """The errors that say what is wrong: of a oneOf/anyOf, those of the alternative meant —
    not a Reference Object's for an object without `$ref`, and of the others the one that got
    furthest into the document."""
    if not error.context:
        return [error]
    branches = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0] if sub.relative_schema_path else None, []).append(sub)

    def meant(errors):
        only_no_ref = all(e.validator == "required" and e.validator_value == ["$ref"] for e in errors)
        return (not only_no_ref, max(len(leaf.absolute_path) for sub in errors for leaf in leaves(sub)))

    return [leaf for sub in max(branches.values(), key=meant) for leaf in leaves(sub)]


def message(error):
    """The validator's message; for a field the object does not have, which one, plainly."""
    if error.validator == "additionalProperties" and error.validator_value is False and isinstance(error.instance, dict):
        known, patterns = error.schema.get("properties", {}), error.schema.get("patternProperties", {})
        extra = [key for key in error.instance if key not in known and not any(re.search(p, key) for p in patterns)]
        if extra:
            return "%s: no such field here (only the specification's fields and x- extensions)" % ", ".join(map(repr, extra))
    return error.message


def where(path):
    return ".".join(str(part) for part in path) or "(document)"


def document_problems(document, specs):
    """The problems of the document: against each specification schema, then its references."""
    found = []
    for name, schema in specs:
        validator, registry, uri = spec_validator(schema, name)
        missing = unresolvable(registry, uri, schema)
        found.extend("%s: $ref %s does not resolve offline" % (name, target) for target in missing)
        if missing:
            continue  # validating would stop at the first of them
        errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
        for error in errors:
            for leaf in leaves(error):
                found.append("%s: %s" % (where(leaf.absolute_path), message(leaf)[:300]))
    found.extend(reference_problems(document))
    return list(dict.fromkeys(found))


def pointer(document, target):
    """The value a local $ref points at, or None."""
    node = document
    for part in target[2:].split("/") if target != "#" else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def reference_problems(document):
    """Local $refs that point nowhere, and operation messages that are not its channel's
    (the specification: a subset of the messages of the channel the operation references)."""
    found, stack = [], [(document, [])]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            target = node.get("$ref")
            if isinstance(target, str) and target.startswith("#") and pointer(document, target) is None:
                found.append("%s: $ref %r does not resolve in the document" % (where(path), target))
            stack.extend((value, path + [key]) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, path + [index]) for index, value in enumerate(node))
    operations = document.get("operations") if isinstance(document.get("operations"), dict) else {}
    for name, operation in operations.items():
        if not isinstance(operation, dict) or not isinstance(operation.get("channel"), dict):
            continue  # the schemas say what is wrong with it
        channel = operation["channel"].get("$ref")
        for index, item in enumerate(operation.get("messages") if isinstance(operation.get("messages"), list) else []):
            target = item.get("$ref", "") if isinstance(item, dict) else ""
            if isinstance(channel, str) and not target.startswith(channel + "/messages/"):
                found.append("operations.%s.messages.%d: %r is not a message of its channel %r" % (name, index, target, channel))
    return sorted(found)


def check_document(arguments):
    document = load(arguments.document)
    specs = [("asyncapi300.py", asyncapi300.SCHEMA)]
    paths = list(arguments.spec or [])
    if os.path.exists(OFFICIAL) and OFFICIAL not in paths:
        paths.append(OFFICIAL)
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            specs.append((os.path.basename(path), json.load(handle)))
    found = document_problems(document, specs)
    for problem in found:
        print("document: %s" % problem)
    names = ", ".join(name for name, _ in specs)
    print("%s: %d problems (AsyncAPI 3.0.0: %s)" % (os.path.basename(arguments.document), len(found), names))
    return 1 if found else 0


# MARK: Command line


def main():
    parser = argparse.ArgumentParser(description="Validate events against the AsyncAPI document, or the document.")
    parser.add_argument("events", nargs="*", help="JSONL files of envelopes or records, or - for standard input")
    parser.add_argument("--document", default=os.path.join(ROOT, "docs", "asyncapi.yaml"))
    parser.add_argument("--check-document", action="store_true", help="validate the document against AsyncAPI 3.0.0")
    parser.add_argument("--spec", action="append", help="a JSON Schema of AsyncAPI 3.0.0 to check the document against too")
    arguments = parser.parse_args()
    if arguments.check_document:
        return check_document(arguments)
    if not arguments.events:
        parser.error("give event files, or --check-document")
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
