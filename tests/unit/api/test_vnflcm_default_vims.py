"""An INSTANTIATE that names no VIM is checked, before its 202, against
the project's default VIM of the type it needs: Kubernetes for a CNF
(``lcm-kubernetes-def-files``), OpenStack otherwise; without that
default it is a 400 naming the type. The infra rules and the conductor
are stubbed: what is asserted is which VIM the API picks."""
import json

from oslo_utils import uuidutils
import pytest

from tacker.common import infra_requirements
from tacker.common import kubernetes_manifests
from tacker.conductor import rpcapi
from tacker.db import vims as db_vims
from tests.unit.api.test_dispatch import assert_problem
from tests.unit import rows

CNF_PARAMS = {kubernetes_manifests.DEF_FILES: ['Files/kubernetes/a.yaml']}


@pytest.fixture
def project():
    return uuidutils.generate_uuid()


@pytest.fixture
def new_instance(admin_context, small, project):
    """``new_instance()``: the id of a NOT_INSTANTIATED VNF instance of
    the project."""
    def create():
        package = rows.onboarded_package(admin_context, {'small': small},
                                         project)
        return rows.instance(admin_context, package, project)['id']
    return create


@pytest.fixture
def default_vim(admin_context, project):
    """``default_vim(type)``: the id of a new default VIM of the
    project."""
    def create(vim_type):
        return db_vims.create(admin_context, {
            'project_id': project, 'name': vim_type, 'type': vim_type,
            'auth_url': 'http://vim', 'auth_cred': {},
            'is_default': True})['id']
    return create


@pytest.fixture
def checked_vim_types(monkeypatch):
    """The vimType each accepted request was checked for; the conductor
    is a stub that takes every operation."""
    seen = []

    def check(vim_type, *args, **kwargs):
        seen.append(vim_type)
    monkeypatch.setattr(infra_requirements, 'check', check)
    monkeypatch.setattr(rpcapi, 'conductor_api', lambda: _Conductor())
    return seen


class _Conductor:
    def start_lcm_op(self, context, op_id):
        pass


def instantiate(api, instance_id, additional_params=None):
    body = {'flavourId': 'small'}
    if additional_params is not None:
        body['additionalParams'] = additional_params
    return api('POST', '/vnflcm/v1/vnf_instances/%s/instantiate'
               % instance_id, json.dumps(body),
               headers={'Content-Type': 'application/json'})


def test_a_cnf_takes_the_kubernetes_default_and_others_the_openstack_one(
        api, new_instance, default_vim, checked_vim_types):
    default_vim(infra_requirements.OPENSTACK)
    default_vim(infra_requirements.KUBERNETES)

    assert instantiate(api, new_instance(), CNF_PARAMS).status_int == 202
    assert instantiate(api, new_instance()).status_int == 202

    assert checked_vim_types == [infra_requirements.KUBERNETES,
                                 infra_requirements.OPENSTACK]


@pytest.mark.parametrize('present, additional_params, missing', [
    (infra_requirements.OPENSTACK, CNF_PARAMS, infra_requirements.KUBERNETES),
    (infra_requirements.KUBERNETES, None, infra_requirements.OPENSTACK)])
def test_without_a_default_of_the_type_needed_it_is_a_400_naming_it(
        api, new_instance, default_vim, checked_vim_types, present,
        additional_params, missing):
    default_vim(present)

    problem = assert_problem(
        instantiate(api, new_instance(), additional_params), 400)

    assert 'no default VIM of type %s' % missing in problem['detail']
    assert checked_vim_types == []
