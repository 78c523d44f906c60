"""What infra drivers need of a package and of additionalParams,
checked without a VIM (before the 202 and before the grant)."""
import shutil

import pytest

from tacker.common import exceptions
from tacker.common import infra_requirements as reqs
from tacker.common import kubernetes_manifests as k8s
from tacker.conf import CONF
from tests import packages as samples

OPENSTACK_V3 = 'ETSINFV.OPENSTACK_KEYSTONE.V_3'


@pytest.fixture
def package(tmp_path):
    """A package with flavour 'simple's top HOT and a user-data script."""
    (tmp_path / 'BaseHOT' / 'simple' / 'nested').mkdir(parents=True)
    (tmp_path / 'BaseHOT' / 'simple' / 'top.yaml').write_text('{}')
    (tmp_path / 'BaseHOT' / 'simple' / 'nested' / 'VDU1.yaml').write_text(
        '{}')
    (tmp_path / 'UserData').mkdir()
    (tmp_path / 'UserData' / 'lcm.py').write_text('')
    return tmp_path


def check(package, operation='INSTANTIATE', flavour_id='simple',
          vim_type=OPENSTACK_V3, **additional):
    reqs.check(vim_type, operation, flavour_id, str(package), additional)


def test_a_package_with_the_flavours_base_hot_is_deployable(package):
    check(package)
    check(package, **{reqs.USER_DATA: 'UserData/lcm.py',
                      reqs.USER_DATA_CLASS: 'SampleUserData'})
    assert reqs.base_hot(str(package), 'simple')[1] == 'top.yaml'


@pytest.mark.parametrize('operation, additional', [
    ('INSTANTIATE', {}), ('HEAL', {reqs.HEAL_ALL: True})])
def test_without_the_flavours_base_hot_the_package_is_refused(
        package, operation, additional):
    with pytest.raises(exceptions.PackageNotDeployable) as caught:
        check(package, operation, 'other', **additional)
    assert 'BaseHOT/other/' in caught.value.detail
    assert caught.value.status == 422


def test_two_top_templates_are_refused(package):
    (package / 'BaseHOT' / 'simple' / 'second.yml').write_text('{}')
    with pytest.raises(exceptions.PackageNotDeployable):
        check(package)


def test_operations_that_deploy_no_template_need_none(package):
    check(package, 'SCALE', 'other')
    check(package, 'HEAL', 'other')


@pytest.mark.parametrize('additional, name', [
    ({reqs.USER_DATA: 'UserData/missing.py',
      reqs.USER_DATA_CLASS: 'C'}, reqs.USER_DATA),
    ({reqs.USER_DATA: '../outside.py', reqs.USER_DATA_CLASS: 'C'},
     reqs.USER_DATA),
    ({reqs.USER_DATA: 7, reqs.USER_DATA_CLASS: 'C'}, reqs.USER_DATA),
    ({reqs.USER_DATA: 'x' * 5000, reqs.USER_DATA_CLASS: 'C'},
     reqs.USER_DATA),
    ({reqs.USER_DATA: 'nul\x00.py', reqs.USER_DATA_CLASS: 'C'},
     reqs.USER_DATA),
    ({reqs.USER_DATA: 'UserData/lcm.py'}, reqs.USER_DATA_CLASS),
    ({reqs.USER_DATA: 'UserData/lcm.py', reqs.USER_DATA_CLASS: 'a b'},
     reqs.USER_DATA_CLASS),
    ({reqs.USER_DATA_CLASS: 'C'}, reqs.USER_DATA),
])
def test_wrong_openstack_additional_params_are_refused(package, additional,
                                                       name):
    with pytest.raises(exceptions.InvalidAdditionalParam) as caught:
        check(package, **additional)
    assert caught.value.detail.startswith(f'additionalParams.{name} ')


def test_heal_all_must_be_a_boolean_for_heal_only(package):
    with pytest.raises(exceptions.InvalidAdditionalParam) as caught:
        check(package, 'HEAL', **{reqs.HEAL_ALL: 'yes'})
    assert caught.value.detail.startswith('additionalParams.all ')
    # Elsewhere 'all' is no knob of the driver's (a HOT parameter, say).
    check(package, 'INSTANTIATE', **{reqs.HEAL_ALL: 'yes'})


@pytest.mark.parametrize('additional, name', [
    ({reqs.NOOP_DELAY: -1}, reqs.NOOP_DELAY),
    ({reqs.NOOP_DELAY: 601}, reqs.NOOP_DELAY),
    ({reqs.NOOP_DELAY: '1'}, reqs.NOOP_DELAY),
    ({reqs.NOOP_DELAY: True}, reqs.NOOP_DELAY),
    ({reqs.NOOP_DELAY: 10 ** 400}, reqs.NOOP_DELAY),
    ({reqs.NOOP_DELAY: float('nan')}, reqs.NOOP_DELAY),
    ({reqs.NOOP_DELAY: float('inf')}, reqs.NOOP_DELAY),
    ({reqs.NOOP_FAIL: 'true'}, reqs.NOOP_FAIL),
])
def test_wrong_noop_knobs_are_refused(package, additional, name):
    with pytest.raises(exceptions.InvalidAdditionalParam) as caught:
        check(package, vim_type='noop', **additional)
    assert caught.value.detail.startswith(f'additionalParams.{name} ')


def test_noop_needs_nothing_of_the_package(tmp_path):
    check(tmp_path, vim_type='noop', noop_delay_s=0.5, noop_fail=False)
    assert reqs.noop_delay_s({}) == 0


def test_a_vim_type_no_driver_serves_is_refused(package):
    with pytest.raises(exceptions.NoDriver) as caught:
        check(package, vim_type='ETSINFV.MYSTERY.V_1')
    assert 'ETSINFV.MYSTERY.V_1' in caught.value.detail


# The kubernetes rule, on the 'cnf' sample's manifests.

KUBERNETES = 'ETSINFV.KUBERNETES.V_1'
CNF_FILES = ['Files/kubernetes/config.yaml', 'Files/kubernetes/crd.yaml',
             'Files/kubernetes/deployment.yaml',
             'Files/kubernetes/service.yaml',
             'Files/kubernetes/statefulset.yaml']
CNF_FLAVOUR = {'vdus': {'VDU1': {'name': 'web-frontend'},
                        'VDU2': {'name': 'web-cache'}}}


@pytest.fixture
def cnf(tmp_path):
    package = tmp_path / 'cnf'
    shutil.copytree(samples.SAMPLES_DIR / 'cnf', package)
    return package


def check_cnf(package, operation='INSTANTIATE', flavour=CNF_FLAVOUR,
              **additional):
    additional.setdefault(k8s.DEF_FILES, CNF_FILES)
    reqs.check(KUBERNETES, operation, 'default', str(package), additional,
               flavour)


def test_the_cnf_sample_is_deployable_on_kubernetes(cnf):
    check_cnf(cnf)
    check_cnf(cnf, namespace='tenant-a')
    objects = reqs.kubernetes_objects(str(cnf), {k8s.DEF_FILES: CNF_FILES})
    assert [obj['kind'] for obj in objects] == [
        'ConfigMap', 'CustomResourceDefinition', 'Route', 'Deployment',
        'Service', 'Service', 'StatefulSet']


@pytest.mark.parametrize('files', [
    None, 'Files/kubernetes/deployment.yaml', [], [7], [''],
    ['Files/kubernetes/deployment.yaml'] * (k8s.MAX_FILES + 1)])
def test_def_files_must_be_a_list_of_paths(cnf, files):
    with pytest.raises(exceptions.InvalidAdditionalParam) as caught:
        reqs.check(KUBERNETES, 'INSTANTIATE', 'default', str(cnf),
                   {} if files is None else {k8s.DEF_FILES: files},
                   CNF_FLAVOUR)
    assert caught.value.detail.startswith(
        'additionalParams.lcm-kubernetes-def-files must list')


@pytest.mark.parametrize('path', [
    'Files/kubernetes/missing.yaml', '../cnf/Files/kubernetes/crd.yaml',
    '/etc/passwd', 'Files/kubernetes'])
def test_a_manifest_missing_from_the_package_is_refused(cnf, path):
    with pytest.raises(exceptions.InvalidAdditionalParam) as caught:
        check_cnf(cnf, **{k8s.DEF_FILES: CNF_FILES + [path]})
    assert repr(path) in caught.value.detail


@pytest.mark.parametrize('text, detail', [
    ('kind: [unclosed', 'Files/bad.yaml is not usable YAML (line 2)'),
    ('[' * 100 + ']' * 100, 'nests deeper than 64 levels'),
    ('[' * 100 + ']' * 100, 'Files/bad.yaml is not usable YAML'),
    ('apiVersion: v1\nkind: ConfigMap\n', 'document 1 of Files/bad.yaml '
     'is not a Kubernetes object'),
    ('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n- 1\n',
     'document 2 of Files/bad.yaml is not a Kubernetes object'),
    ('kind: ConfigMap\nmetadata: {name: a}\n', 'document 1 of'),
    ('apiVersion: v1\nkind: 7\nmetadata: {name: a}\n', 'document 1 of'),
    ('apiVersion: a/b/v1\nkind: X\nmetadata: {name: a}\n',
     'document 1 of'),
    ('apiVersion: v1\nkind: "*"\nmetadata: {name: a}\n', 'document 1 of'),
    ('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: '
     + '9' * 30 + '}\n', 'integer larger than 64 bits'),
])
def test_a_manifest_that_is_no_kubernetes_object_is_refused(
        cnf, text, detail):
    (cnf / 'Files' / 'bad.yaml').write_text(text)
    with pytest.raises(exceptions.PackageNotDeployable) as caught:
        check_cnf(cnf, **{k8s.DEF_FILES: CNF_FILES + ['Files/bad.yaml']})
    assert detail in caught.value.detail
    assert caught.value.status == 422


def test_manifests_bigger_than_the_vnfd_limit_are_refused(cnf):
    (cnf / 'Files' / 'big.yaml').write_text(
        '# padding\n' * (CONF.vnf_package.max_vnfd_yaml_bytes // 10 + 1))
    with pytest.raises(exceptions.PackageNotDeployable) as caught:
        check_cnf(cnf, **{k8s.DEF_FILES: ['Files/big.yaml']})
    assert 'max_vnfd_yaml_bytes' in caught.value.detail


def test_a_vdu_without_its_workload_is_refused(cnf):
    flavour = {'vdus': dict(CNF_FLAVOUR['vdus'],
                            VDU3={'name': 'web-worker'})}
    with pytest.raises(exceptions.PackageNotDeployable) as caught:
        check_cnf(cnf, flavour=flavour)
    assert "VDU VDU3 (name 'web-worker') has no workload" in \
        caught.value.detail
    # A Service of a VDU's name is no workload.
    with pytest.raises(exceptions.PackageNotDeployable):
        check_cnf(cnf, **{k8s.DEF_FILES: ['Files/kubernetes/service.yaml',
                                          'Files/kubernetes/'
                                          'statefulset.yaml']})


def test_manifests_naming_two_namespaces_are_refused(cnf):
    (cnf / 'Files' / 'other.yaml').write_text(
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: '
        'x}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: b, '
        'namespace: y}\n')
    with pytest.raises(exceptions.PackageNotDeployable) as caught:
        check_cnf(cnf, **{k8s.DEF_FILES: CNF_FILES + ['Files/other.yaml']})
    assert 'several namespaces (x, y)' in caught.value.detail


@pytest.mark.parametrize('namespace', ['', 'Upper', 'a_b', 'a' * 64, 7,
                                       '-a'])
def test_a_namespace_that_kubernetes_would_refuse_is_refused(cnf,
                                                             namespace):
    with pytest.raises(exceptions.InvalidAdditionalParam) as caught:
        check_cnf(cnf, 'SCALE', namespace=namespace)
    assert caught.value.detail.startswith('additionalParams.namespace ')


def test_only_instantiate_needs_the_manifests(cnf):
    for operation in ('SCALE', 'HEAL', 'TERMINATE'):
        reqs.check(KUBERNETES, operation, 'default', str(cnf), {},
                   CNF_FLAVOUR)


def test_change_ext_conn_of_a_cnf_is_a_conflict(cnf):
    with pytest.raises(exceptions.OperationNotSupported) as caught:
        check_cnf(cnf, 'CHANGE_EXT_CONN')
    assert caught.value.status == 409
    assert 'external connection points' in caught.value.detail


@pytest.mark.parametrize('additional_params, vim_type', [
    ({k8s.DEF_FILES: CNF_FILES}, reqs.KUBERNETES),
    ({reqs.USER_DATA: 'UserData/lcm.py'}, reqs.OPENSTACK),
    ({}, reqs.OPENSTACK),
    (None, reqs.OPENSTACK)])
def test_the_default_vim_type_is_kubernetes_for_a_cnf_only(
        additional_params, vim_type):
    assert reqs.default_vim_type(additional_params) == vim_type
