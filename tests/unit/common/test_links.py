"""Resource URLs come from ``tacker.common.links`` alone."""
import ast
import pathlib
import re

import pytest

import tacker
from tacker.common import links
from tacker.conf import CONF

BASE = 'https://nfv.example:9890'
ROOT = pathlib.Path(tacker.__file__).parent


@pytest.mark.parametrize('url, expected', [
    (links.vnf_package(BASE, 'p1'), '/vnfpkgm/v1/vnf_packages/p1'),
    (links.vnf_package(BASE, 'p1', 'package_content'),
     '/vnfpkgm/v1/vnf_packages/p1/package_content'),
    (links.vnf_package(BASE, 'p1', 'vnfd'),
     '/vnfpkgm/v1/vnf_packages/p1/vnfd'),
    (links.vnf_instance(BASE, 'i1'), '/vnflcm/v1/vnf_instances/i1'),
    (links.vnf_instance(BASE, 'i1', 'change_ext_conn'),
     '/vnflcm/v1/vnf_instances/i1/change_ext_conn'),
    (links.vnf_lcm_op_occ(BASE, 'o1'), '/vnflcm/v1/vnf_lcm_op_occs/o1'),
    (links.vnf_lcm_op_occ(BASE, 'o1', 'rollback'),
     '/vnflcm/v1/vnf_lcm_op_occs/o1/rollback'),
    (links.grants(BASE), '/grant/v1/grants'),
    (links.grant(BASE, 'g1'), '/grant/v1/grants/g1'),
    (links.subscription(BASE, links.VNFLCM, 's1'),
     '/vnflcm/v1/subscriptions/s1'),
    (links.subscription(BASE, links.VNFPKGM, 's1'),
     '/vnfpkgm/v1/subscriptions/s1'),
])
def test_each_resource_url(url, expected):
    assert url == BASE + expected


def test_base_url_prefers_the_public_endpoint(monkeypatch):
    class Request:
        host_url = 'http://10.0.0.1:9890'

    monkeypatch.setattr(CONF, 'public_endpoint', None, raising=False)
    assert links.base_url(Request()) == 'http://10.0.0.1:9890'
    monkeypatch.setattr(CONF, 'public_endpoint', BASE + '/', raising=False)
    assert links.base_url(Request()) == BASE
    assert links.base_url() == BASE


@pytest.mark.parametrize('use_ssl, scheme',
                         [(False, 'http'), (True, 'https')])
def test_a_conductors_base_url_has_the_apis_scheme(use_ssl, scheme):
    CONF.set_override('use_ssl', use_ssl)
    CONF.set_override('host', 'tacker-1')
    try:
        expected = '%s://tacker-1:%d' % (scheme, CONF.bind_port)
        assert links.base_url() == expected
    finally:
        CONF.clear_override('use_ssl')
        CONF.clear_override('host')


# A path of the SOL APIs' URI layout, as a URL builder would write it.
_PATH = re.compile(r'/v1\.0|/(vnflcm|vnfpkgm|grant)/v\d|'
                   r'/(vnf_instances|vnf_lcm_op_occs|vnf_packages|'
                   r'subscriptions|grants)\b')


def _allowed(path):
    """links itself; the route tables and the policy's table of their
    rules, which match paths rather than build URLs; option help
    texts."""
    relative = path.relative_to(ROOT)
    return (relative.parts[0] in ('sandbox', 'conf')
            or relative.name == 'router.py'
            or str(relative) in ('common/links.py', 'api/app.py',
                                 'api/versions.py', 'api/policy.py'))


def _docstrings(tree):
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr)}


def url_paths(source):
    """(line, text) of each string in ``source`` (docstrings aside) that
    holds a piece of a resource URL."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and _PATH.search(node.value)]


def test_no_module_but_links_builds_resource_urls():
    found = ['%s:%d %r' % (path.relative_to(ROOT.parent), line, text)
             for path in sorted(ROOT.rglob('*.py')) if not _allowed(path)
             for line, text in url_paths(path.read_text())]
    assert not found, '\n'.join(found)


@pytest.mark.parametrize('source, found', [
    ("'%s/vnflcm/v1/vnf_instances/%s' % (base, id)\n", True),
    ("base + '/grant/v1/grants'\n", True),
    ("'%s%s/subscriptions/%s' % (base, prefix, id)\n", True),
    ('"""Builds /vnflcm/v1 URLs."""\n', False),
    ("links.vnf_instance(base, id, 'change_ext_conn')\n", False),
])
def test_the_check_finds_url_building(source, found):
    assert bool(url_paths(source)) is found
