"""ETSI's machine-readable files the tests use, kept in the project
unchanged: the conformance schemas and OpenAPI documents in
tests/etsi_data/ (provenance and licences in its READMEs) and the SOL001
types Tacker ships in tacker/data/tosca-definitions/.

tests/etsi_data.sha256 lists every one of them with its digest;
``check_data_files`` (run once per session by tests/conftest.py) names
what is missing or altered instead of letting each test fail on it.
"""
import hashlib
import json
import pathlib

import jsonschema

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
