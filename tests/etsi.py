"""Validation of our responses against ETSI's published schemas, which
live in ../shared/etsi beside the repository."""
import json
import os
import pathlib

import jsonschema

ETSI_DIR = pathlib.Path(os.environ.get(
    'TACKER_ETSI_DIR',
    pathlib.Path(__file__).resolve().parents[2] / 'shared' / 'etsi'))


def conformance_schema(spec, api, name):
    """The ETSI conformance-suite (v2.6.1) JSON schema ``name`` of ``api``."""
    path = ETSI_DIR / spec / '2.6.1' / 'api-tests-schemas' / api / name
    # Some of ETSI's files are not valid UTF-8 in their descriptions.
    return json.loads(path.read_bytes().decode('utf-8', errors='replace'))


def validate(instance, spec, api, name):
    jsonschema.validate(instance, conformance_schema(spec, api, name))
