"""Rules every object of the sandbox Kubernetes follows: names, the
metadata the server owns (uid, resourceVersion, generation,
creationTimestamp), and the patch formats of PATCH requests (JSON merge
patch, RFC 7386; JSON patch, RFC 6902)."""
import copy
import datetime
import json
import re
import uuid

from tacker_sandbox.kubernetes import status

# DNS-1123 label (namespaces, services) and subdomain (most names).
_LABEL = re.compile(r'[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z')
_SUBDOMAIN = re.compile(r'[a-z0-9]([-a-z0-9]*[a-z0-9])?'
                        r'(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z')
LABEL_NAMED = ('namespaces', 'services')
# etcd's default request limit is 1.5 MiB; with the count this bounds
# the state a client can make the sandbox keep.
MAX_OBJECTS = 5000
MAX_OBJECT_BYTES = 1024 * 1024
_RV_KEY = 'kubernetes_resource_version'
_SERVER_OWNED = ('uid', 'resourceVersion', 'generation',
                 'creationTimestamp', 'deletionTimestamp')


def timestamp(now):
    """RFC 3339 at second precision, as ``metav1.Time`` is written."""
    return datetime.datetime.fromtimestamp(
        now, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def name_problem(plural, name):
    """Why ``name`` is not a valid object name, or None."""
    if not isinstance(name, str) or not name:
        return 'name or generateName is required'
    if plural in LABEL_NAMED:
        if len(name) > 63 or not _LABEL.match(name):
            return ('a lowercase RFC 1123 label must consist of lower case '
                    'alphanumeric characters or \'-\', and must start and '
                    'end with an alphanumeric character (at most 63)')
    elif len(name) > 253 or not _SUBDOMAIN.match(name):
        return ('a lowercase RFC 1123 subdomain must consist of lower case '
                'alphanumeric characters, \'-\' or \'.\', and must start '
                'and end with an alphanumeric character (at most 253)')
    return None


def next_resource_version(store):
    """The cluster-wide counter, one step per write."""
    version = store.get_meta(_RV_KEY, 0) + 1
    store.set_meta(_RV_KEY, version)
    return str(version)


def resource_version(store):
    return str(store.get_meta(_RV_KEY, 0))


def random_suffix(length=5):
    """The consonant-and-digit alphabet Kubernetes uses in generated
    names, so they never spell words."""
    alphabet = 'bcdfghjklmnpqrstvwxz2456789'
    value = uuid.uuid4().int
    return ''.join(alphabet[(value >> (5 * i)) % len(alphabet)]
                   for i in range(length))


def check_metadata(rtype, obj):
    """A 413 when the object is too large to keep; a 422 unless labels
    and annotations are string maps and the name is valid."""
    if len(json.dumps(obj)) > MAX_OBJECT_BYTES:
        raise status.RequestTooLarge('the object exceeds %d bytes'
                                     % MAX_OBJECT_BYTES)
    metadata = obj['metadata']
    for field in ('labels', 'annotations'):
        value = metadata.get(field)
        if value is not None and not (
                isinstance(value, dict) and all(
                    isinstance(k, str) and isinstance(v, str)
                    for k, v in value.items())):
            raise status.invalid(rtype, metadata.get('name', ''),
                                 'metadata.%s' % field,
                                 'must be a map of strings')
    problem = name_problem(rtype.plural, metadata.get('name'))
    if problem:
        raise status.invalid(rtype, metadata.get('name') or '',
                             'metadata.name', problem)


def stamp_new(store, obj, now):
    """The server-owned metadata of a created object."""
    metadata = obj['metadata']
    for key in _SERVER_OWNED:
        metadata.pop(key, None)
    metadata.update(uid=str(uuid.uuid4()), creationTimestamp=timestamp(now),
                    resourceVersion=next_resource_version(store))
    if 'spec' in obj:
        metadata['generation'] = 1


def carry_over(store, old, new):
    """``new`` replaces ``old``: keep what the server owns, bump the
    generation on a spec change, and take a new resourceVersion."""
    metadata = new['metadata']
    for key in _SERVER_OWNED:
        if key in old['metadata']:
            metadata[key] = old['metadata'][key]
        else:
            metadata.pop(key, None)
    if 'generation' in old['metadata'] and old.get('spec') != new.get('spec'):
        metadata['generation'] = old['metadata']['generation'] + 1
    metadata['resourceVersion'] = next_resource_version(store)


def merge_patch(target, patch):
    """RFC 7396: null deletes, objects merge, anything else replaces
    (tacker.common.merge_patch does the same; the sandbox imports
    nothing of Tacker)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def json_patch(target, operations):
    """RFC 6902 add/remove/replace/move/copy/test; a 422 on a failing
    operation, so nothing is applied."""
    if not isinstance(operations, list):
        raise status.BadRequest('a JSON patch must be a list of operations')
    document = copy.deepcopy(target)
    for operation in operations:
        if not isinstance(operation, dict) or not isinstance(
                operation.get('path'), str):
            raise status.BadRequest('each JSON patch operation needs an '
                                    '"op" and a "path"')
        op = operation.get('op')
        if op in ('add', 'replace', 'test') and 'value' not in operation:
            raise status.BadRequest('"%s" needs a "value"' % op)
        if op in ('move', 'copy'):
            value = _pointer_get(document, operation.get('from'))
            if op == 'move':
                document = _pointer_remove(document, operation['from'])
            document = _pointer_add(document, operation['path'],
                                    copy.deepcopy(value))
        elif op == 'add':
            document = _pointer_add(document, operation['path'],
                                    operation['value'])
        elif op == 'remove':
            document = _pointer_remove(document, operation['path'])
        elif op == 'replace':
            _pointer_get(document, operation['path'])
            document = _pointer_remove(document, operation['path'])
            document = _pointer_add(document, operation['path'],
                                    operation['value'])
        elif op == 'test':
            if _pointer_get(document, operation['path']) != \
                    operation['value']:
                raise _patch_failed('test failed at %s' % operation['path'])
        else:
            raise status.BadRequest('unknown JSON patch op %r' % (op,))
    return document


def _patch_failed(message):
    return status.Invalid('the JSON patch could not be applied: %s'
                          % message)


def _split(path):
    if not isinstance(path, str) or (path and not path.startswith('/')):
        raise _patch_failed('invalid path %r' % (path,))
    return [part.replace('~1', '/').replace('~0', '~')
            for part in path.split('/')[1:]]


def _step(node, part, path):
    if isinstance(node, dict) and part in node:
        return node[part]
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)]
    raise _patch_failed('no value at %s' % path)


def _pointer_get(document, path):
    node = document
    for part in _split(path):
        node = _step(node, part, path)
    return node


def _parent(document, path):
    parts = _split(path)
    if not parts:
        return None, None
    node = document
    for part in parts[:-1]:
        node = _step(node, part, path)
    return node, parts[-1]


def _pointer_add(document, path, value):
    parent, last = _parent(document, path)
    if parent is None and last is None:
        return value
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list) and (last == '-' or (
            last.isdigit() and int(last) <= len(parent))):
        parent.insert(len(parent) if last == '-' else int(last), value)
    else:
        raise _patch_failed('cannot add at %s' % path)
    return document


def _pointer_remove(document, path):
    parent, last = _parent(document, path)
    _step(parent, last, path)
    if isinstance(parent, dict):
        del parent[last]
    else:
        del parent[int(last)]
    return document
