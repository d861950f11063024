"""The structure of an AsyncAPI 3.0.0 document as a JSON Schema (draft-07), for validate.py.

Written for this project from the AsyncAPI 3.0.0 specification's object definitions: every
object's fixed fields (nothing else but `x-` extensions), its required fields, where a
Reference Object may stand instead, the keys of components, the Kafka channel and message
bindings of versions 0.3.0 and 0.4.0 (the ones AsyncAPI 3.0.0 knows; 0.5.0 came with 3.1.0),
and Schema Objects: JSON Schema draft-07 (checked against the draft-07 meta-schema that
`jsonschema` ships, so nothing is fetched) with AsyncAPI's `deprecated`, `discriminator`
and `externalDocs` in every subschema. Objects the document does not use (security schemes,
server and operation bindings) are checked loosely. It is not the asyncapi/spec-json-schemas
file; `validate.py --check-document --spec FILE` checks against that one too (README.md here).
"""

EXT = "^x-[\\w\\d\\.\\x2d_]+$"
KEY = "^[\\w\\d\\.\\-_]+$"


def ref(name):
    """A reference to one of this schema's definitions."""
    return {"$ref": "#/definitions/" + name}


def strict(properties, required=None, description=None):
    """An AsyncAPI object: only its fixed fields and x- extensions."""
    result = {"type": "object"}
    if description:
        result["description"] = description
    if required:
        result["required"] = required
    result["properties"] = properties
    result["patternProperties"] = {EXT: {}}
    result["additionalProperties"] = False
    return result


def either(name):
    """A field that holds an object or a Reference Object to one."""
    return {"oneOf": [ref("Reference"), ref(name)]}


def list_of(schema, unique=True):
    """An array of `schema` (without duplicates where the specification says so)."""
    result = {"type": "array", "items": schema}
    if unique:
        result["uniqueItems"] = True
    return result


def map_of(schema, keys=False):
    """A map of `schema`; `keys`: the component key pattern."""
    if keys:
        return {"type": "object", "patternProperties": {KEY: schema}, "additionalProperties": False}
    return {"type": "object", "additionalProperties": schema}


TEXT = {"type": "string"}
TAGS = list_of(either("tag"))
DOCS = either("externalDocs")

CHANNEL_PROTOCOLS = ["http", "ws", "amqp", "amqp1", "mqtt", "kafka", "anypointmq", "nats", "jms", "sns",
                     "sqs", "stomp", "redis", "ibmmq", "solace", "googlepubsub", "pulsar"]


def bindings(kafka):
    """A Bindings Object: one member per known protocol; Kafka's checked by version."""
    properties = {name: {} for name in CHANNEL_PROTOCOLS}
    properties["kafka"] = kafka
    return {"type": "object", "properties": properties, "patternProperties": {EXT: {}}, "additionalProperties": False}


def versioned(versions):
    """A Kafka binding: bindingVersion one of `versions` (latest when absent), fields by version."""
    branches = [{"if": {"not": {"required": ["bindingVersion"]}}, "then": ref(versions[0][1])}]
    for version, definition in versions:
        branches.append({"if": {"required": ["bindingVersion"], "properties": {"bindingVersion": {"const": version}}},
                         "then": ref(definition)})
    return {"type": "object", "properties": {"bindingVersion": {"enum": [v for v, _ in versions]}}, "allOf": branches}


def kafka_channel(version, configuration):
    """The Kafka channel binding of `version` (0.4.0 added `topicConfiguration`)."""
    properties = {
        "topic": TEXT,
        "partitions": {"type": "integer", "minimum": 1},
        "replicas": {"type": "integer", "minimum": 1},
    }
    if configuration:
        properties["topicConfiguration"] = {
            "type": "object",
            "properties": {
                "cleanup.policy": {"type": "array", "items": {"enum": ["compact", "delete"]}},
                "retention.ms": {"type": "integer", "minimum": -1},
                "retention.bytes": {"type": "integer", "minimum": -1},
                "delete.retention.ms": {"type": "integer", "minimum": 0},
                "max.message.bytes": {"type": "integer", "minimum": 0},
            },
            "additionalProperties": False,
        }
    properties["bindingVersion"] = {"const": version}
    return strict(properties, description="Kafka channel binding %s." % version)


def kafka_message(version):
    """The Kafka message binding of `version`."""
    return strict({
        "key": {"oneOf": [ref("Reference"), ref("schema")]},
        "schemaIdLocation": {"enum": ["header", "payload"]},
        "schemaIdPayloadEncoding": TEXT,
        "schemaLookupStrategy": TEXT,
        "bindingVersion": {"const": version},
    }, description="Kafka message binding %s." % version)


SCHEMA_FORMATS_JSON = [
    "application/vnd.aai.asyncapi;version=3.0.0",
    "application/vnd.aai.asyncapi+json;version=3.0.0",
    "application/vnd.aai.asyncapi+yaml;version=3.0.0",
    "application/schema+json;version=draft-07",
    "application/schema+yaml;version=draft-07",
]

COMPONENTS = {
    "schemas": ref("anySchema"),
    "servers": either("server"),
    "channels": either("channel"),
    "operations": either("operation"),
    "messages": either("message"),
    "securitySchemes": either("securityScheme"),
    "serverVariables": either("serverVariable"),
    "parameters": either("parameter"),
    "correlationIds": either("correlationId"),
    "replies": either("operationReply"),
    "replyAddresses": either("operationReplyAddress"),
    "externalDocs": either("externalDocs"),
    "tags": either("tag"),
    "operationTraits": either("operationTrait"),
    "messageTraits": either("messageTrait"),
    "serverBindings": either("bindingsObject"),
    "channelBindings": either("channelBindings"),
    "operationBindings": either("bindingsObject"),
    "messageBindings": either("messageBindings"),
}

MESSAGE_FIELDS = {
    "headers": ref("anySchema"),
    "payload": ref("anySchema"),
    "correlationId": either("correlationId"),
    "contentType": TEXT,
    "name": TEXT,
    "title": TEXT,
    "summary": TEXT,
    "description": TEXT,
    "tags": TAGS,
    "externalDocs": DOCS,
    "bindings": either("messageBindings"),
    "examples": list_of(ref("messageExample"), unique=False),
    "deprecated": {"type": "boolean"},
}

OPERATION_FIELDS = {
    "action": {"enum": ["send", "receive"]},
    "channel": ref("Reference"),
    "title": TEXT,
    "summary": TEXT,
    "description": TEXT,
    "security": list_of(either("securityScheme"), unique=False),
    "tags": TAGS,
    "externalDocs": DOCS,
    "bindings": either("bindingsObject"),
    "messages": list_of(ref("Reference"), unique=False),
    "reply": either("operationReply"),
}

SUBSCHEMA = ref("schema")

# MARK: The objects

DEFINITIONS = {
    "Reference": {
        "description": "A Reference Object: `$ref` only.",
        "type": "object",
        "required": ["$ref"],
        "properties": {"$ref": {"type": "string", "format": "uri-reference"}},
    },
    "info": strict({
        "title": TEXT,
        "version": TEXT,
        "description": TEXT,
        "termsOfService": {"type": "string", "format": "uri"},
        "contact": ref("contact"),
        "license": ref("license"),
        "tags": TAGS,
        "externalDocs": DOCS,
    }, required=["title", "version"], description="The Info Object."),
    "contact": strict({"name": TEXT, "url": {"type": "string", "format": "uri"},
                       "email": {"type": "string", "format": "email"}}),
    "license": strict({"name": TEXT, "url": {"type": "string", "format": "uri"}}, required=["name"]),
    "tag": strict({"name": TEXT, "description": TEXT, "externalDocs": DOCS}, required=["name"]),
    "externalDocs": strict({"description": TEXT, "url": {"type": "string", "format": "uri"}}, required=["url"]),
    "server": strict({
        "host": TEXT,
        "protocol": TEXT,
        "protocolVersion": TEXT,
        "pathname": TEXT,
        "title": TEXT,
        "summary": TEXT,
        "description": TEXT,
        "variables": map_of(either("serverVariable")),
        "security": list_of(either("securityScheme"), unique=False),
        "tags": TAGS,
        "externalDocs": DOCS,
        "bindings": either("bindingsObject"),
    }, required=["host", "protocol"], description="The Server Object."),
    "serverVariable": strict({"enum": list_of(TEXT), "default": TEXT, "description": TEXT,
                              "examples": list_of(TEXT, unique=False)}),
    "channel": strict({
        "address": {"type": ["string", "null"]},
        "messages": map_of(either("message")),
        "title": TEXT,
        "summary": TEXT,
        "description": TEXT,
        "servers": list_of(ref("Reference")),
        "parameters": map_of(either("parameter")),
        "tags": TAGS,
        "externalDocs": DOCS,
        "bindings": either("channelBindings"),
    }, description="The Channel Object."),
    "parameter": strict({"enum": list_of(TEXT), "default": TEXT, "description": TEXT,
                         "examples": list_of(TEXT, unique=False), "location": TEXT}),
    "operation": strict(dict(OPERATION_FIELDS, traits=list_of(either("operationTrait"), unique=False)),
                        required=["action", "channel"], description="The Operation Object."),
    "operationTrait": strict({k: v for k, v in OPERATION_FIELDS.items()
                              if k in ("title", "summary", "description", "security", "tags", "externalDocs", "bindings")}),
    "operationReply": strict({"address": either("operationReplyAddress"), "channel": ref("Reference"),
                              "messages": list_of(ref("Reference"), unique=False)}),
    "operationReplyAddress": strict({"location": TEXT, "description": TEXT}, required=["location"]),
    "message": strict(dict(MESSAGE_FIELDS, traits=list_of(either("messageTrait"), unique=False)),
                      description="The Message Object."),
    "messageTrait": strict({k: v for k, v in MESSAGE_FIELDS.items() if k != "payload"}),
    "messageExample": dict(strict({"headers": {"type": "object"}, "payload": {}, "name": TEXT, "summary": TEXT}),
                           anyOf=[{"required": ["payload"]}, {"required": ["headers"]}]),
    "correlationId": strict({"description": TEXT, "location": TEXT}, required=["location"]),
    "securityScheme": {"description": "A Security Scheme Object (not used here: only its `type` is checked).",
                       "type": "object", "required": ["type"], "properties": {"type": TEXT}},
    "bindingsObject": {"description": "Server and operation bindings (not used here: any protocol's object).",
                       "type": "object", "additionalProperties": {"type": "object"}},
    "channelBindings": bindings(versioned([("0.4.0", "kafkaChannel040"), ("0.3.0", "kafkaChannel030")])),
    "messageBindings": bindings(versioned([("0.4.0", "kafkaMessage040"), ("0.3.0", "kafkaMessage030")])),
    "kafkaChannel040": kafka_channel("0.4.0", True),
    "kafkaChannel030": kafka_channel("0.3.0", False),
    "kafkaMessage040": kafka_message("0.4.0"),
    "kafkaMessage030": kafka_message("0.3.0"),
    "components": strict({name: map_of(schema, keys=True) for name, schema in COMPONENTS.items()},
                         description="The Components Object: reusable objects under keys of letters, digits, `.`, `-`, `_`."),
    "anySchema": {
        "description": "A Schema Object, or a Multi Format Schema Object when `schema` is present.",
        "if": {"type": "object", "required": ["schema"]},
        "then": ref("multiFormatSchema"),
        "else": ref("schema"),
    },
    "multiFormatSchema": strict({"schemaFormat": TEXT, "schema": {}}, required=["schema"]) | {
        "if": {"properties": {"schemaFormat": {"enum": SCHEMA_FORMATS_JSON}}, "required": ["schemaFormat"]},
        "then": {"properties": {"schema": ref("schema")}},
    },
    "schema": {
        "description": "The Schema Object: a JSON Schema draft-07 schema (checked against the draft-07 "
                       "meta-schema) with AsyncAPI's `deprecated`, `discriminator` and `externalDocs`, in "
                       "every subschema.",
        "allOf": [
            {"$ref": "http://json-schema.org/draft-07/schema#"},
            {
                "type": ["object", "boolean"],
                "properties": {
                    "deprecated": {"type": "boolean"},
                    "discriminator": TEXT,
                    "externalDocs": DOCS,
                    "allOf": list_of(SUBSCHEMA, unique=False),
                    "anyOf": list_of(SUBSCHEMA, unique=False),
                    "oneOf": list_of(SUBSCHEMA, unique=False),
                    "not": SUBSCHEMA,
                    "if": SUBSCHEMA,
                    "then": SUBSCHEMA,
                    "else": SUBSCHEMA,
                    "contains": SUBSCHEMA,
                    "propertyNames": SUBSCHEMA,
                    "additionalItems": SUBSCHEMA,
                    "additionalProperties": SUBSCHEMA,
                    "items": {"anyOf": [SUBSCHEMA, list_of(SUBSCHEMA, unique=False)]},
                    "properties": map_of(SUBSCHEMA),
                    "patternProperties": map_of(SUBSCHEMA),
                    "definitions": map_of(SUBSCHEMA),
                    "dependencies": map_of({"anyOf": [SUBSCHEMA, list_of(TEXT)]}),
                },
            },
        ],
    },
}

SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "urn:aftersales:asyncapi-3.0.0-structure",
    "title": "AsyncAPI 3.0.0 document structure",
    "type": "object",
    "required": ["asyncapi", "info"],
    "properties": {
        "asyncapi": {"const": "3.0.0"},
        "id": {"type": "string", "format": "uri"},
        "info": ref("info"),
        "servers": map_of(either("server")),
        "defaultContentType": TEXT,
        "channels": map_of(either("channel")),
        "operations": map_of(either("operation")),
        "components": ref("components"),
    },
    "patternProperties": {EXT: {}},
    "additionalProperties": False,
    "definitions": DEFINITIONS,
}
