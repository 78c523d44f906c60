"""What infra drivers need of a package and of additionalParams,
checked without a VIM (before the 202 and before the grant)."""
import pytest

from tacker.common import exceptions
from tacker.common import infra_requirements as reqs

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
