"""ETSI's machine-readable files the tests use, kept in the project
unchanged: the conformance schemas and OpenAPI documents in
tests/etsi_data/ (provenance and licences in its READMEs) and the SOL001
types Tacker ships in tacker/data/tosca-definitions/.

tests/etsi_data.sha256 lists every one of them with its digest;
``check_data_files`` (run once per session by tests/conftest.py) names
what is missing or altered instead of letting each test fail on it.

v1 bodies are checked against the v2.6.1 conformance schemas
(``validate``), v2 bodies against the v3.3.1 OpenAPI documents
(``validate_response``, ``validate_request``).
"""
import functools
import hashlib
import json
import pathlib
import urllib.parse

import jsonschema
import referencing
import referencing.jsonschema

from tacker import data

TOP = pathlib.Path(__file__).resolve().parents[1]
ETSI_DIR = TOP / 'tests' / 'etsi_data'
SUMS = TOP / 'tests' / 'etsi_data.sha256'
SOL001_DIR = data.TOSCA_DEFINITIONS_DIR


def check_data_files(top=TOP, sums=SUMS):
    """Problems with the ETSI files ``sums`` lists (paths relative to
    ``top``), one line each; empty when every file is there and
    unchanged."""
    if not sums.is_file():
        return [f'{sums} is missing']
    problems = []
    for line in sums.read_text().splitlines():
        digest, rel = line.split(maxsplit=1)
        path = top / rel
        if not path.is_file():
            problems.append(f'{path} is missing')
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f'{path} differs from ETSI\'s file')
    return problems


def conformance_schema(spec, api, name):
    """The ETSI conformance-suite (v2.6.1) JSON schema ``name`` of ``api``."""
    path = ETSI_DIR / spec / '2.6.1' / 'api-tests-schemas' / api / name
    # Some of ETSI's files are not valid UTF-8 in their descriptions.
    return json.loads(path.read_bytes().decode('utf-8', errors='replace'))


def validate(instance, spec, api, name):
    jsonschema.validate(instance, conformance_schema(spec, api, name))


JSON = 'application/json'
# Schema Object keywords of OpenAPI 3.0 that JSON Schema lacks: nullable
# becomes a null type, the others only annotate.
_OPENAPI_ONLY = frozenset({'nullable', 'discriminator', 'example',
                           'examples', 'readOnly', 'writeOnly'})
# Keywords whose values are data or names, never schemas.
_DATA = frozenset({'enum', 'default', 'required'})
# The keys of a Path Item Object that name operations.
_METHODS = frozenset({'get', 'put', 'post', 'delete', 'options', 'head',
                      'patch', 'trace'})


def json_schema(node):
    """``node`` of an OpenAPI 3.0 document with its Schema Objects made
    JSON Schema draft 4, the dialect OpenAPI 3.0 extends: ``nullable:
    true`` beside a ``type`` lets null through (OpenAPI 3.0.3, Schema
    Object), the other keywords JSON Schema lacks are dropped. What
    readOnly and writeOnly do to ``required`` is not modelled: none of
    ETSI's SOL003 v3.3.1 documents uses them."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    schema = {}
    for key, value in node.items():
        if key == 'properties':
            schema[key] = {name: json_schema(sub)
                           for name, sub in value.items()}
        elif key in _DATA:
            schema[key] = value
        elif key not in _OPENAPI_ONLY:
            schema[key] = json_schema(value)
    if node.get('nullable') is True and 'type' in node:
        schema['type'] = [node['type'], 'null']
        if 'enum' in node:
            schema['enum'] = [*node['enum'], None]
    return schema


def openapi_path(spec, version, document):
    """The file of ETSI's OpenAPI document of an interface, named by the
    word its file name carries: 'lifecycle' is the VNF LCM interface."""
    return (ETSI_DIR / spec / version
            / f'{spec.lower()}_{document}_openapi.json')


def openapi_source(spec, version, document):
    """ETSI's document through ``json_schema``, without OPENAPI_PATCHES;
    a new copy on each call."""
    return json_schema(json.loads(
        openapi_path(spec, version, document).read_bytes()))


@functools.cache
def openapi_document(spec, version, document):
    """The document validation uses: ``openapi_source`` with
    OPENAPI_PATCHES applied, read once per process. Shared: not to be
    changed."""
    patched = openapi_source(spec, version, document)
    for patch in OPENAPI_PATCHES.get((spec, version, document), ()):
        patch(patched)
    return patched


@functools.cache
def _registry(spec, version, document):
    """The whole document as the resource its ``$ref``s resolve in."""
    return referencing.Registry().with_resource(
        openapi_path(spec, version, document).as_uri(),
        referencing.jsonschema.DRAFT4.create_resource(
            openapi_document(spec, version, document)))


def validate_response(instance, document, path, method, status,
                      content_type=JSON, *, spec='SOL003', version='3.3.1'):
    """Check ``instance`` against the body schema ETSI's OpenAPI document
    gives the ``status`` response of ``method`` on ``path`` (as the
    document writes it, e.g. '/vnf_instances/{vnfInstanceId}').

    :raises BodyError: (a jsonschema.ValidationError) it does not conform.
    :raises LookupError: the document defines no such body.
    """
    key = (spec, version, document)
    operation, name = _operation(key, path, method)
    responses = _at(openapi_document(*key), operation)['responses']
    if str(status) not in responses:
        raise LookupError(f'{name} has no {status} response; it has: '
                          + ', '.join(responses))
    _validate(instance, key, operation + ['responses', str(status)],
              f'{name} {status} response', content_type)


def validate_request(instance, document, path, method, content_type=JSON,
                     *, spec='SOL003', version='3.3.1'):
    """Check ``instance`` against the request body schema of ``method``
    on ``path``; raises as ``validate_response`` does."""
    key = (spec, version, document)
    operation, name = _operation(key, path, method)
    if 'requestBody' not in _at(openapi_document(*key), operation):
        raise LookupError(f'{name} has no request body')
    _validate(instance, key, operation + ['requestBody'], f'{name} request',
              content_type)


class BodyError(jsonschema.ValidationError):
    """A body that does not conform, told in a few lines rather than
    with the whole of ETSI's schema."""

    body = 'body'

    def __str__(self):
        rule = '/'.join(map(str, self.absolute_schema_path))
        return (f'{self.message}\n  at {self.json_path} in the {self.body}'
                f'\n  (schema: {rule})')


def _operation(key, path, method):
    """The pointer (a list of names) to an Operation Object, and a name
    for it in messages."""
    paths = openapi_document(*key)['paths']
    name = f'{key[0]} v{key[1]} {key[2]} {method.upper()} {path}'
    if path not in paths:
        raise LookupError(f'{name}: no such path; there are: '
                          + ', '.join(paths))
    operations = [verb for verb in paths[path] if verb in _METHODS]
    if method.lower() not in operations:
        raise LookupError(f'{name}: no such operation; there are: '
                          + ', '.join(operations).upper())
    return ['paths', path, method.lower()], name


def _validate(instance, key, pointer, what, content_type):
    """Validate ``instance`` against the ``content_type`` schema of the
    Response or Request Body Object at ``pointer``, reached through its
    internal ``$ref``, with the whole document as the resolution root."""
    target = _at(openapi_document(*key), pointer)
    while '$ref' in target:
        pointer = [segment.replace('~1', '/').replace('~0', '~')
                   for segment in target['$ref'].split('/')[1:]]
        target = _at(openapi_document(*key), pointer)
    content = target.get('content', {})
    if content_type not in content:
        raise LookupError(f'{what} has no {content_type} body; it has: '
                          + (', '.join(content) or 'none'))
    fragment = ''.join(
        '/' + urllib.parse.quote(
            segment.replace('~', '~0').replace('/', '~1'), safe='~')
        for segment in pointer + ['content', content_type, 'schema'])
    validator = jsonschema.Draft4Validator(
        {'$ref': openapi_path(*key).as_uri() + '#' + fragment},
        registry=_registry(*key),
        format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        concise = BodyError.create_from(error)
        concise.body = what
        raise concise


def _at(document, pointer):
    for segment in pointer:
        document = document[segment]
    return document


# Patches of ETSI's documents, in OPENAPI_PATCHES below. Each mends, in
# place, one defect that makes a body the GS allows fail, and returns how
# many places it mended; test_etsi_openapi checks that ETSI's file still
# has each defect, so that a patch goes once ETSI fixes it.

def _objects(node):
    """Every JSON object of ``node``, ``node`` first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def _changes_of_op_occ(document):
    """VnfLcmOpOcc (SOL003 v3.3.1 5.5.2.13): changedInfo and
    modificationsTriggeredByVnfPkgChange are both 0..1 and belong to
    different operations (MODIFY_INFO resp. CHANGE_VNFPKG); ETSI's
    document requires exactly one of them (oneOf), so an occurrence of
    any other operation, or one not COMPLETED, fails. Mended to: not
    both."""
    pair = ['changedInfo', 'modificationsTriggeredByVnfPkgChange']
    mended = 0
    for schema in _objects(document):
        if schema.get('oneOf') == [{'required': [name]} for name in pair]:
            del schema['oneOf']
            schema['not'] = {'required': pair}
            mended += 1
    return mended


def _vnfd_ids_of_filter(document):
    """VnfInstanceSubscriptionFilter (SOL003 v3.3.1 4.4.1.5): the oneOf
    that keeps vnfdIds and vnfProductsFromProviders apart requires
    'vnfdId', a member the filter does not have, so a filter by vnfdIds
    fails. Mended to name vnfdIds."""
    mended = 0
    for schema in _objects(document):
        if schema == {'required': ['vnfdId']}:
            schema['required'] = ['vnfdIds']
            mended += 1
    return mended


def _move_to_ip_addresses(document, found, meant):
    """Move the oneOf whose branches require ``found`` from ipOverEthernet
    objects to their ipAddresses entries, requiring ``meant``."""
    misplaced = [schema for schema in _objects(document) if schema.get(
        'oneOf') == [{'required': [name]} for name in found]]
    for schema in misplaced:
        entries = schema['properties']['ipAddresses']['items']
        entries['oneOf'] = [{'required': [name]} for name in meant]
        del schema['oneOf']
    return len(misplaced)


def _ip_addresses_of_info(document):
    """IpOverEthernetAddressInfo (SOL003 v3.3.1 5.5.3.10): "exactly one of
    addresses or addressRange" is a oneOf on the object, not on the
    ipAddresses entries whose members they are, so every ipOverEthernet
    (of extCpInfo, vnfcCpInfo) fails."""
    pair = ['addresses', 'addressRange']
    return _move_to_ip_addresses(document, pair, pair)


def _ip_addresses_of_data(document):
    """IpOverEthernetAddressData (SOL003 v3.3.1 4.4.1.10c): likewise for
    "exactly one of fixedAddresses, numDynamicAddresses or
    ipAddressRange", whose third name is not a member: the entries'
    member is addressRange."""
    return _move_to_ip_addresses(
        document, ['fixedAddresses', 'numDynamicAddresses', 'ipAddressRange'],
        ['fixedAddresses', 'numDynamicAddresses', 'addressRange'])


def _as_arrays(document, names):
    """The responses ``names`` as arrays of the one item their schema
    is."""
    mended = 0
    for name in names:
        media = document['components']['responses'][name]['content'][JSON]
        if media['schema'].get('type') == 'object':
            media['schema'] = {'type': 'array', 'items': media['schema']}
            mended += 1
    return mended


def _lists_as_arrays(document):
    """GET /vnf_lcm_op_occs and GET /subscriptions (SOL003 v3.3.1
    5.4.12.3.2, 5.4.18.3.2) answer "in an array", as the responses'
    descriptions say, but their schema is one VnfLcmOpOcc resp.
    LccnSubscription. Mended: an array of it."""
    return _as_arrays(document, ('VnfLcmOpOccs.Get.200',
                                 'Subscriptions.Get.200'))


def _alarm_lists_as_arrays(document):
    """Likewise GET /alarms and GET /subscriptions of fault management
    (SOL003 v3.3.1 7.4.2.3.2, 7.4.4.3.2): one Alarm resp.
    FmSubscription."""
    return _as_arrays(document, ('Alarms.Get.200', 'Subscriptions.Get.200'))


def _pm_defects(document):
    """Performance management (SOL003 v3.3.1 clause 6): PmJob.reports is
    "0..N" reports (6.5.2.7) but its schema one; a report entry requires
    "performanceValue" though its member is performanceValues, and a
    value is of the metric's measurement unit (6.5.2.10: a number for
    every metric IFA 027 defines) but its schema an object. Mended: an
    array of reports, the member required, any value."""
    mended = 0
    responses = document['components']['responses']
    for name, response in responses.items():
        schema = response.get('content', {}).get(JSON, {}).get('schema', {})
        job = schema.get('items', schema)
        reports = job.get('properties', {}).get('reports')
        if reports and reports.get('type') == 'object':
            job['properties']['reports'] = {'type': 'array',
                                            'items': reports}
            mended += 1
        entry = job.get('properties', {}).get('entries', {}).get('items', {})
        required = entry.get('required', [])
        if 'performanceValue' in required:
            required[required.index('performanceValue')] = \
                'performanceValues'
            value = entry['properties']['performanceValues']['items'][
                'properties']['value']
            value.pop('type')
            mended += 2
    return mended


OPENAPI_PATCHES = {
    ('SOL003', '3.3.1', 'lifecycle'): (
        _changes_of_op_occ, _vnfd_ids_of_filter, _ip_addresses_of_info,
        _ip_addresses_of_data, _lists_as_arrays),
    ('SOL003', '3.3.1', 'fault'): (_alarm_lists_as_arrays,),
    ('SOL003', '3.3.1', 'perf'): (_pm_defects,),
}
