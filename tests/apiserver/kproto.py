"""Decoding of the Kubernetes protobuf envelope for the few kinds kubectl's typed generators send as
protobuf (kubectl create secret / configmap / namespace / serviceaccount). Other kinds get 415.

Wire format: b"k8s\\x00" + runtime.Unknown{1: TypeMeta{1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding,
4: contentType}; field numbers from k8s.io/api/core/v1/generated.proto and apimachinery meta/v1.
"""

import base64

MAGIC = b"k8s\x00"


def _varint(buf, i):
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def fields(buf):
    """[(field number, value)]: ints for varints, bytes for length-delimited fields."""
    out, i = [], 0
    while i < len(buf):
        key, i = _varint(buf, i)
        num, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(buf, i)
        elif wire == 2:
            n, i = _varint(buf, i)
            value, i = buf[i:i + n], i + n
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        out.append((num, value))
    return out


def _map(entries, binary=False):
    out = {}
    for entry in entries:
        kv = dict(fields(entry))
        value = kv.get(2, b"")
        out[kv.get(1, b"").decode()] = base64.b64encode(value).decode() if binary else value.decode()
    return out


def _object_meta(buf):
    meta, labels, annotations, finalizers = {}, [], [], []
    for num, value in fields(buf):
        if num in (1, 2, 3) and value:
            meta[{1: "name", 2: "generateName", 3: "namespace"}[num]] = value.decode()
        elif num == 11:
            labels.append(value)
        elif num == 12:
            annotations.append(value)
        elif num == 14:
            finalizers.append(value.decode())
    if labels:
        meta["labels"] = _map(labels)
    if annotations:
        meta["annotations"] = _map(annotations)
    if finalizers:
        meta["finalizers"] = finalizers
    return meta


def _secret(raw):
    obj, data, string_data = {}, [], []
    for num, value in fields(raw):
        if num == 1:
            obj["metadata"] = _object_meta(value)
        elif num == 2:
            data.append(value)
        elif num == 3:
            obj["type"] = value.decode()
        elif num == 4:
            string_data.append(value)
        elif num == 5:
            obj["immutable"] = bool(value)
    if data:
        obj["data"] = _map(data, binary=True)
    if string_data:
        obj["stringData"] = _map(string_data)
    return obj


def _config_map(raw):
    obj, data, binary = {}, [], []
    for num, value in fields(raw):
        if num == 1:
            obj["metadata"] = _object_meta(value)
        elif num == 2:
            data.append(value)
        elif num == 3:
            binary.append(value)
        elif num == 4:
            obj["immutable"] = bool(value)
    if data:
        obj["data"] = _map(data)
    if binary:
        obj["binaryData"] = _map(binary, binary=True)
    return obj


def _metadata_only(raw):
    obj = {}
    for num, value in fields(raw):
        if num == 1:
            obj["metadata"] = _object_meta(value)
    return obj


_DECODERS = {("v1", "Secret"): _secret, ("v1", "ConfigMap"): _config_map, ("v1", "Namespace"): _metadata_only,
             ("v1", "ServiceAccount"): _metadata_only}


def decode(body):
    """The JSON form of a protobuf-encoded object, or None when its kind is not supported here."""
    if not body.startswith(MAGIC):
        return None
    unknown = dict(fields(body[len(MAGIC):]))
    type_meta = dict(fields(unknown.get(1, b"")))
    api_version, kind = type_meta.get(1, b"").decode(), type_meta.get(2, b"").decode()
    decoder = _DECODERS.get((api_version, kind))
    if decoder is None:
        return None
    obj = {"apiVersion": api_version, "kind": kind}
    obj.update(decoder(unknown.get(2, b"")))
    return obj
