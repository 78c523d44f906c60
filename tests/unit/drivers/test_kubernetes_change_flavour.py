"""CHANGE_FLAVOUR (SOL003 5.4.7) and its rollback in the Kubernetes infra
driver, against the sandbox Kubernetes API server (a process started
once for the module): the 'cnf' sample with a second flavour, 'lite',
added by ``add_lite_flavour`` (the functional tests use it too)."""
from kubernetes import dynamic
import pytest
import requests

from tacker.common import exceptions
from tacker.common import states
from tacker.drivers.infra import base
from tests import packages
from tests.unit.drivers import test_kubernetes_change_vnfpkg as vnfpkg
from tests.unit.drivers.test_kubernetes_driver import Cnf
from tests.unit.drivers.test_kubernetes_driver import FILES

conf = vnfpkg.conf
kube = vnfpkg.kube
sandbox = vnfpkg.sandbox

# Flavour lite: VDU1 the web-frontend Deployment on another image, VDU3
# a web-edge Deployment of its own, no web-cache StatefulSet nor Route.
LITE_IMAGE = 'nginx:1.25-alpine'
LITE_FILES = ['Files/kubernetes/config.yaml',
              'Files/kubernetes/deployment-lite.yaml',
              'Files/kubernetes/edge.yaml', 'Files/kubernetes/service.yaml']
LITE_DF = """\
tosca_definitions_version: tosca_simple_yaml_1_2
description: Lite deployment flavour of the web frontend CNF
imports:
  - etsi_nfv_sol001_common_types.yaml
  - etsi_nfv_sol001_vnfd_types.yaml
  - cnf_types.yaml
topology_template:
  inputs:
    descriptor_id: {type: string}
    descriptor_version: {type: string}
    provider: {type: string}
    product_name: {type: string}
    software_version: {type: string}
    vnfm_info: {type: list, entry_schema: {type: string}}
    flavour_id: {type: string}
    flavour_description: {type: string}
  substitution_mappings:
    node_type: company.webfrontend.CNF
    properties: {flavour_id: lite}
  node_templates:
    VNF:
      type: company.webfrontend.CNF
      properties: {flavour_description: The web-frontend behind a web-edge}
    VDU1:
      type: tosca.nodes.nfv.Vdu.Compute
      properties:
        name: web-frontend
        description: The web-frontend Deployment (deployment-lite.yaml)
        vdu_profile: {min_number_of_instances: 1, max_number_of_instances: 4}
    VDU3:
      type: tosca.nodes.nfv.Vdu.Compute
      properties:
        name: web-edge
        description: The web-edge Deployment (edge.yaml)
        vdu_profile: {min_number_of_instances: 1, max_number_of_instances: 1}
  policies:
    - scaling_aspects:
        type: tosca.policies.nfv.ScalingAspects
        properties:
          aspects:
            frontend_aspect:
              name: frontend_aspect
              description: Adds one web-frontend Pod per step
              max_scale_level: 3
              step_deltas: [delta_1]
    - VDU1_initial_delta:
        type: tosca.policies.nfv.VduInitialDelta
        properties: {initial_delta: {number_of_instances: 1}}
        targets: [VDU1]
    - VDU1_scaling_aspect_deltas:
        type: tosca.policies.nfv.VduScalingAspectDeltas
        properties:
          aspect: frontend_aspect
          deltas: {delta_1: {number_of_instances: 1}}
        targets: [VDU1]
    - instantiation_levels:
        type: tosca.policies.nfv.InstantiationLevels
        properties:
          levels:
            lite_level_1:
              description: One Pod of each
              scale_info: {frontend_aspect: {scale_level: 0}}
            lite_level_2:
              description: Three web-frontend Pods, one web-edge Pod
              scale_info: {frontend_aspect: {scale_level: 2}}
          default_level: lite_level_1
    - VDU1_instantiation_levels:
        type: tosca.policies.nfv.VduInstantiationLevels
        properties:
          levels:
            lite_level_1: {number_of_instances: 1}
            lite_level_2: {number_of_instances: 3}
        targets: [VDU1]
"""
EDGE = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-edge
spec:
  replicas: 1
  selector:
    matchLabels: {app: web-edge}
  template:
    metadata:
      labels: {app: web-edge}
    spec:
      containers:
        - name: envoy
          image: envoyproxy/envoy:v1.30
"""


def add_lite_flavour(package):
    """A ``mutate`` (``packages.build_csar``) of the cnf sample that adds
    flavour lite and its manifests."""
    kubernetes = package / 'Files' / 'kubernetes'
    (kubernetes / 'edge.yaml').write_text(EDGE)
    (kubernetes / 'deployment-lite.yaml').write_text(
        (kubernetes / 'deployment.yaml').read_text().replace(
            'nginx:1.25', LITE_IMAGE))
    (package / 'Definitions' / 'cnf_df_lite.yaml').write_text(LITE_DF)
    packages.replace_text('Definitions/cnf_top.vnfd.yaml',
                          '  - cnf_df_default.yaml\n',
                          '  - cnf_df_default.yaml\n  - cnf_df_lite.yaml\n'
                          )(package)
    packages.replace_text('Definitions/cnf_types.yaml',
                          'valid_values: [ default ]',
                          'valid_values: [ default, lite ]')(package)


def lite_files(left_out, *added):
    """LITE_FILES without Files/kubernetes/``left_out``, with ``added``
    of that folder."""
    return sorted({path for path in LITE_FILES
                   if path != 'Files/kubernetes/' + left_out} |
                  {'Files/kubernetes/' + name for name in added})


@pytest.fixture(scope='module')
def package(tmp_path_factory):
    """(extracted package directory, {flavourId: flavour}): the cnf
    sample with flavour lite, and manifests lite cannot move to."""
    variants = vnfpkg.add_files({
        'Files/kubernetes/' + name: vnfpkg.VARIANTS[name]
        for name in ('reselected.yaml', 'elsewhere.yaml')})

    def mutate(root):
        add_lite_flavour(root)
        variants(root)
    return vnfpkg.flavours(tmp_path_factory.mktemp('cnf'), mutate=mutate)


class Flavouring(Cnf):
    """A VNF instance that changes its flavour; each request is in the
    flavour of the instantiatedVnfInfo it is about."""

    def __init__(self, conf, url, package, instance_id):
        root, self.flavours = package
        super().__init__(conf, url, (root, self.flavours['default']),
                         instance_id, 'default')

    def change_request(self, flavour_id, params, current):
        return base.LcmRequest(
            states.CHANGE_FLAVOUR, self.instance_id,
            self.flavours[current['flavourId']],
            dict(params, newFlavourId=flavour_id), vim_connection=self.vim,
            current=current, package_dir=self.package_dir,
            target_flavour=self.flavours[flavour_id],
            target_package_dir=self.package_dir)

    def change(self, flavour_id, files, **params):
        params['additionalParams'] = {'lcm-kubernetes-def-files': files,
                                      'namespace': self.namespace}
        request = self.change_request(flavour_id, params, self.current)
        self.driver.validate(request)
        return self._became(self.driver.change_flavour(request))

    def rollback(self, flavour_id, files, current):
        """Roll back the change to ``flavour_id`` of the instance that
        was ``current``."""
        return self._became(self.driver.rollback(self.change_request(
            flavour_id, {'additionalParams': {
                'lcm-kubernetes-def-files': files}}, current)))

    def _became(self, result):
        self.current = result.instantiated_vnf_info
        self.flavour = self.flavours[self.current['flavourId']]
        return result


@pytest.fixture
def make_cnf(conf, sandbox, package, kube):
    made = []

    def make(instance_id):
        cnf = Flavouring(conf, sandbox.url, package, instance_id)
        made.append(cnf)
        return cnf
    yield make
    for cnf in made:
        # Leave the shared sandbox clean: the objects of both flavours.
        for flavour_id, files in (('default', FILES), ('lite', LITE_FILES)):
            cnf.flavour, cnf.def_files = cnf.flavours[flavour_id], files
            cnf.driver.rollback(cnf.request(states.INSTANTIATE, {
                'additionalParams': cnf.additional_params()}))


def exists(kube, api_version, kind, name):
    try:
        kube.resources.get(api_version=api_version, kind=kind).get(
            name=name, namespace='default')
    except (dynamic.exceptions.NotFoundError,
            dynamic.exceptions.ResourceNotFoundError):
        return False
    return True


def uid(kube, api_version, kind, name):
    return kube.resources.get(api_version=api_version, kind=kind).get(
        name=name, namespace='default').metadata.uid


def images(kube, instance_id, vdu_id):
    return sorted(images for _, images in vnfpkg.pods(
        kube, instance_id, vdu_id).values())


def test_change_creates_replaces_and_deletes_at_the_new_level(make_cnf,
                                                              kube):
    cnf = make_cnf('flv-a')
    cnf.instantiate()
    before = cnf.current
    config = uid(kube, 'v1', 'ConfigMap', 'web-config')

    result = cnf.change('lite', LITE_FILES,
                        instantiationLevelId='lite_level_2')

    assert images(kube, 'flv-a', 'VDU1') == [(LITE_IMAGE,)] * 3
    assert vnfpkg.workload(kube, 'Deployment',
                           'web-frontend').spec.replicas == 3
    assert images(kube, 'flv-a', 'VDU3') == [('envoyproxy/envoy:v1.30',)]
    assert vnfpkg.pods(kube, 'flv-a', 'VDU2') == {}
    for api_version, kind, name in (
            ('apps/v1', 'StatefulSet', 'web-cache'),
            ('v1', 'Service', 'web-cache'),
            ('web.example.com/v1', 'Route', 'web-frontend')):
        assert not exists(kube, api_version, kind, name), kind
    # Objects both flavours have are left as they are.
    assert uid(kube, 'v1', 'ConfigMap', 'web-config') == config
    info = result.instantiated_vnf_info
    assert info['flavourId'] == 'lite'
    assert info['scaleStatus'] == [{'aspectId': 'frontend_aspect',
                                    'scaleLevel': 2}]
    assert info['metadata'] == {'namespace': 'default',
                                'lcm-kubernetes-def-files': LITE_FILES}
    assert sorted(vnfpkg.vnfcs(info, 'VDU1')) == sorted(
        vnfpkg.pods(kube, 'flv-a', 'VDU1'))
    assert vnfpkg.changes(result) == [('VDU1', 'ADDED')] * 3 + [
        ('VDU1', 'REMOVED'), ('VDU2', 'REMOVED'), ('VDU3', 'ADDED')]
    assert {change['id'] for change in result.affected_vnfcs
            if change['changeType'] == 'REMOVED'} == {
        vnfc['id'] for vnfc in before['vnfcResourceInfo']}

    # Later steps are in the new flavour, with its manifests.
    cnf.run(states.SCALE, {'type': 'SCALE_IN',
                           'aspectId': 'frontend_aspect'})
    assert vnfpkg.workload(kube, 'Deployment',
                           'web-frontend').spec.replicas == 2


def test_rollback_returns_the_old_flavour_with_the_vnfcs_it_had(
        make_cnf, kube):
    cnf = make_cnf('flv-b')
    cnf.instantiate()
    cnf.run(states.SCALE, {'type': 'SCALE_OUT',
                           'aspectId': 'frontend_aspect'})
    before = cnf.current
    cnf.change('lite', LITE_FILES)
    assert vnfpkg.workload(kube, 'Deployment',
                           'web-frontend').spec.replicas == 1

    # Whatever the change did (here: all of it) is undone.
    result = cnf.rollback('lite', LITE_FILES, before)

    assert images(kube, 'flv-b', 'VDU1') == [('nginx:1.25',)] * 2
    assert images(kube, 'flv-b', 'VDU2') == [('redis:7.2',)]
    assert vnfpkg.pods(kube, 'flv-b', 'VDU3') == {}
    assert not exists(kube, 'apps/v1', 'Deployment', 'web-edge')
    assert exists(kube, 'web.example.com/v1', 'Route', 'web-frontend')
    info = result.instantiated_vnf_info
    assert (info['flavourId'], info['scaleStatus'], info['metadata']) == (
        'default', before['scaleStatus'], before['metadata'])
    assert vnfpkg.changes(result) == [('VDU1', 'ADDED')] * 2 + [
        ('VDU1', 'REMOVED'), ('VDU2', 'ADDED'), ('VDU3', 'REMOVED')]


@pytest.fixture
def lite_image_fails(sandbox, conf):
    """The sandbox fails to pull flavour lite's image of web-frontend,
    and a step waits 3 s for a workload to get ready."""
    knobs = sandbox.admin_url + '/sandbox/kubernetes'
    requests.put(knobs + '/faults', json={'imagePullBackOff': [LITE_IMAGE]},
                 timeout=10).raise_for_status()
    conf.kubernetes_vim.ready_timeout = 3
    yield
    conf.kubernetes_vim.ready_timeout = 20
    requests.delete(knobs + '/faults', timeout=10)


def test_rollback_of_a_change_that_failed_midway(make_cnf, kube,
                                                 lite_image_fails):
    cnf = make_cnf('flv-c')
    cnf.instantiate()
    before = cnf.current
    cache = vnfpkg.pods(kube, 'flv-c', 'VDU2')

    with pytest.raises(exceptions.VimOperationFailed) as caught:
        cnf.change('lite', LITE_FILES, instantiationLevelId='lite_level_2')
    assert 'ImagePullBackOff' in caught.value.detail
    # web-edge was created, the cache not deleted yet.
    assert exists(kube, 'apps/v1', 'Deployment', 'web-edge')

    result = cnf.rollback('lite', LITE_FILES, before)

    assert images(kube, 'flv-c', 'VDU1') == [('nginx:1.25',)]
    assert vnfpkg.workload(kube, 'Deployment',
                           'web-frontend').spec.replicas == 1
    assert vnfpkg.pods(kube, 'flv-c', 'VDU2') == cache
    assert not exists(kube, 'apps/v1', 'Deployment', 'web-edge')
    info = result.instantiated_vnf_info
    assert (info['flavourId'], info['metadata']) == ('default', {
        'namespace': 'default', 'lcm-kubernetes-def-files': FILES})
    assert sorted(vnfc['vduId'] for vnfc in info['vnfcResourceInfo']) == [
        'VDU1', 'VDU2']
    # Rolling back again changes nothing.
    again = cnf.rollback('lite', LITE_FILES, before)
    assert again.affected_vnfcs == []
    assert again.instantiated_vnf_info == info


@pytest.mark.parametrize('params, error, reason', [
    ({}, exceptions.InvalidAdditionalParam,
     'lcm-kubernetes-def-files must list'),
    ({'lcm-kubernetes-def-files': LITE_FILES, 'namespace': 'other'},
     exceptions.InvalidAdditionalParam,
     "namespace must be the VNF's namespace default, which a change of "
     'flavour keeps, not other'),
    ({'lcm-kubernetes-def-files': lite_files('edge.yaml')},
     exceptions.PackageNotDeployable,
     "VDU VDU3 (name 'web-edge') has no workload"),
    ({'lcm-kubernetes-def-files': lite_files(
        'deployment-lite.yaml', 'elsewhere.yaml')},
     exceptions.PackageNotDeployable,
     'the manifests of flavour lite are for namespace other; the VNF '
     'lives in namespace default'),
    ({'lcm-kubernetes-def-files': lite_files(
        'deployment-lite.yaml', 'reselected.yaml')},
     exceptions.PackageNotDeployable,
     "VDU VDU1's Deployment web-frontend would select other Pods"),
], ids=['no-manifests', 'other-namespace', 'vdu-without-workload',
        'manifests-elsewhere', 'selector-changed'])
def test_validate_refuses_a_change_the_manifests_cannot_make(
        conf, sandbox, package, params, error, reason):
    cnf = Flavouring(conf, sandbox.url, package, 'flv-d')
    current = {'flavourId': 'default', 'vnfcResourceInfo': [], 'metadata': {
        'namespace': 'default', 'lcm-kubernetes-def-files': FILES}}
    request = cnf.change_request('lite', {'additionalParams': params},
                                 current)
    with pytest.raises(error) as caught:
        cnf.driver.validate(request)
    assert reason in caught.value.detail


def test_validate_refuses_a_level_of_another_flavour(conf, sandbox,
                                                     package):
    cnf = Flavouring(conf, sandbox.url, package, 'flv-e')
    request = cnf.change_request('lite', {
        'instantiationLevelId': 'instantiation_level_2',
        'additionalParams': {'lcm-kubernetes-def-files': LITE_FILES}}, {
        'flavourId': 'default', 'vnfcResourceInfo': [], 'metadata': {
            'namespace': 'default', 'lcm-kubernetes-def-files': FILES}})
    with pytest.raises(exceptions.UnknownInstantiationLevel):
        cnf.driver.validate(request)
