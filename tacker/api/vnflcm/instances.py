"""``/vnflcm/v1/vnf_instances`` (SOL003 v2.6.1 clause 5.4.2 - 5.4.3) and
``/vnflcm/v2/vnf_instances`` (SOL003 v3.3.1): one controller over one
store, each API rendering through its own view (``views``,
``views_v2``).

Creating and deleting the resource is simple DB work done here; the
lifecycle operations (task resources) are handed to the conductor.
"""
from oslo_log import log as logging

from tacker.api import listing
from tacker.api.vnflcm import views
from tacker.api import wsgi
from tacker.common.context import owning_project
from tacker.common.context import project_scope
from tacker.common import exceptions
from tacker.common import ext_cps
from tacker.common import infra_requirements
from tacker.common import lcm_notifications
from tacker.common import links
from tacker.common import package_files
from tacker.common import sizing
from tacker.common import states
from tacker.common import vim_order
from tacker.common import vim_secrets
from tacker.conductor import rpcapi
from tacker.conf import CONF
from tacker.db import instances as db_instances
from tacker.db import lcm_ops as db_lcm_ops
from tacker.db import outbox
from tacker.db import packages as db_packages
from tacker.db import vims as db_vims

LOG = logging.getLogger(__name__)

_C = db_instances.INSTANCE.c
FILTER_COLUMNS = {
    'id': _C.id,
    'vnfInstanceName': _C.vnf_instance_name,
    'vnfdId': _C.vnfd_id,
    'vnfProvider': _C.vnf_provider,
    'vnfProductName': _C.vnf_product_name,
    'vnfSoftwareVersion': _C.vnf_software_version,
    'vnfdVersion': _C.vnfd_version,
    'instantiationState': _C.instantiation_state,
}


class VnfInstancesController:

    def __init__(self, view=views, root=links.VNFLCM, api_version='1'):
        self.view = view
        self.root = root
        self.api_version = api_version

    @wsgi.responds(201, 422)
    def create(self, req, body):
        base = links.base_url(req)
        instance = db_instances.create(
            req.context,
            {'project_id': owning_project(req.context),
             'vnfd_id': body['vnfdId'],
             'vnf_instance_name': body.get('vnfInstanceName'),
             'vnf_instance_description': body.get('vnfInstanceDescription'),
             'metadata': body.get('metadata') or {},
             'api_version': self.api_version},
            outbox.notifier(lcm_notifications.instance_created, base))
        info = self.view.vnf_instance(instance, base)
        return wsgi.Result(info, status=201, headers={
            'Location': info['_links']['self']['href']})

    @wsgi.responds(200)
    def index(self, req):
        base = links.base_url(req)
        query = listing.ListQuery(
            req, self.view.VNF_INSTANCE, FILTER_COLUMNS,
            CONF.vnf_lcm.page_size, db_instances.ORDER)
        return query.respond(
            db_instances.list_page,
            lambda instance: self.view.vnf_instance(instance, base),
            project_scope(req.context),
            unread=query.unread(self.view.VNF_INSTANCE_COLUMNS))

    @wsgi.responds(200)
    def show(self, req, id):
        return self.view.vnf_instance(
            db_instances.get(req.context, id, project_scope(req.context)),
            links.base_url(req))

    @wsgi.responds(204, 409)
    def delete(self, req, id):
        base = links.base_url(req)
        db_instances.delete(
            req.context, id, project_scope(req.context),
            outbox.notifier(lcm_notifications.instance_deleted, base))
        return wsgi.Result(status=204)

    @wsgi.responds(202, 409, 422)
    def update(self, req, id, body):
        """Modify the instance's information: a MODIFY_INFO operation
        (SOL003 v2.6.1 5.4.3.3.4)."""
        instance = db_instances.get(req.context, id,
                                    project_scope(req.context))
        if body.get('vnfdId', instance['vnfd_id']) != instance['vnfd_id']:
            db_instances.get_usable_package(req.context, body['vnfdId'],
                                            instance['project_id'])
        return self._start(req, id, states.MODIFY_INFO, body)

    def _start(self, req, id, operation, params, check=None,
               target_vnfd_id=None):
        """Start ``operation``; ``check(instance)`` refuses it under the
        instance lock, before the 202 (``db_lcm_ops.start``, which also
        takes the package of ``target_vnfd_id``)."""
        base = links.base_url(req)
        if params.get('vimConnectionInfo'):
            # Sealed before the first write: a plain secret would stay in
            # the database (and SQLite's WAL) until overwritten.
            params = dict(params, vimConnectionInfo=vim_secrets.seal_given(
                CONF, params['vimConnectionInfo']))
        op = db_lcm_ops.start(
            req.context, id, project_scope(req.context), operation, params,
            outbox.notifier(lcm_notifications.op_changed, base), check,
            target_vnfd_id)
        try:
            rpcapi.conductor_api().start_lcm_op(req.context, op['id'])
        except Exception:
            # The op stays STARTING and unclaimed: a conductor's recovery
            # sends it again, so it is never lost.
            LOG.exception('Could not hand operation %s to a conductor',
                          op['id'])
        return wsgi.Result(status=202, headers={
            'Location': links.vnf_lcm_op_occ(base, op['id'],
                                             root=self.root)})

    @wsgi.responds(202, 409, 422)
    def instantiate(self, req, id, body):
        return self._start(
            req, id, states.INSTANTIATE, body, lambda instance: (
                _check_deployment(req.context, instance, states.INSTANTIATE,
                                  body['flavourId'], body)))

    @wsgi.responds(202, 409, 422)
    def terminate(self, req, id, body):
        return self._start(req, id, states.TERMINATE, body, lambda instance: (
            _check_infra(req.context, instance, states.TERMINATE, body)))

    @wsgi.responds(202, 409, 422)
    def scale(self, req, id, body):
        return self._scale(req, id, states.SCALE, body)

    @wsgi.responds(202, 409, 422)
    def scale_to_level(self, req, id, body):
        return self._scale(req, id, states.SCALE_TO_LEVEL, body)

    def _scale(self, req, id, operation, body):
        def check(instance):
            current = instance['instantiated_vnf_info']
            sizing.scale_plan(db_packages.get_flavour(
                req.context, instance['vnf_pkg_id'], current['flavourId']),
                current, body)
            _check_infra(req.context, instance, operation, body)

        return self._start(req, id, operation, body, check)

    @wsgi.responds(202, 409, 422)
    def heal(self, req, id, body):
        def check(instance):
            sizing.heal_targets(instance['instantiated_vnf_info'], body)
            _check_infra(req.context, instance, states.HEAL, body)

        return self._start(req, id, states.HEAL, body, check)

    @wsgi.responds(202, 409, 422)
    def change_ext_conn(self, req, id, body):
        def check(instance):
            ext_cps.check_links(body.get('extVirtualLinks'))
            _check_infra(req.context, instance, states.CHANGE_EXT_CONN, body)

        return self._start(req, id, states.CHANGE_EXT_CONN, body, check)

    @wsgi.responds(202, 409, 422)
    def change_flavour(self, req, id, body):
        """ChangeVnfFlavour (SOL003 5.4.7): a flavour of the instance's
        package other than its own, at a level of it."""
        def check(instance):
            current = instance['instantiated_vnf_info']
            if body['newFlavourId'] == current['flavourId']:
                raise exceptions.FlavourUnchanged(
                    flavour_id=body['newFlavourId'])
            _check_deployment(req.context, instance, states.CHANGE_FLAVOUR,
                              body['newFlavourId'], body)

        return self._start(req, id, states.CHANGE_FLAVOUR, body, check)

    @wsgi.responds(202, 409, 422)
    def change_vnfpkg(self, req, id, body):
        """ChangeCurrentVnfPkg (SOL003 v3.3.1 5.4.11a): checked against
        both packages under the instance lock, before the 202; the VNFC
        passwords of its vdu_params are sealed before the first write."""
        instance = db_instances.get(req.context, id,
                                    project_scope(req.context))
        target = db_instances.get_usable_package(
            req.context, body['vnfdId'], instance['project_id'])
        params = body
        if body.get('additionalParams'):
            params = dict(body, additionalParams=vim_secrets.seal_vdu_params(
                CONF, body['additionalParams']))
        return self._start(
            req, id, states.CHANGE_VNFPKG, params,
            lambda instance: _check_package_change(req.context, instance,
                                                   target, body),
            target_vnfd_id=body['vnfdId'])


def _check_deployment(context, instance, operation, flavour_id, body):
    """Refuse a request deploying the VNF in ``flavour_id`` of its
    package (INSTANTIATE, CHANGE_FLAVOUR) at an unknown level, with
    unusable external links, or that the infra driver could not deploy.

    :raises: UnknownFlavour, UnknownInstantiationLevel,
        InvalidExtVirtualLink, and what ``_check_infra`` raises
    """
    sizing.check_instantiate(db_packages.get_flavour(
        context, instance['vnf_pkg_id'], flavour_id), body)
    ext_cps.check_links(body.get('extVirtualLinks'))
    _check_infra(context, instance, operation, body)


def _check_package_change(context, instance, target, body):
    """Refuse a change to the package ``target`` (``usable_package``)
    that is the instance's own, of another provider or product (SOL003
    v3.3.1 5.4.11a: another version of the same VNF), without the
    instance's flavour, or that the infra driver could not deploy.

    :raises: PackageNotCompatible, and what ``check_package_change``
        raises
    """
    def refuse(reason):
        return exceptions.PackageNotCompatible(vnfd_id=target['vnfd_id'],
                                               reason=reason)
    if target['vnfd_id'] == instance['vnfd_id']:
        raise refuse('the instance uses it already')
    for column, name in (('vnf_provider', 'vnfProvider'),
                         ('vnf_product_name', 'vnfProductName')):
        if target[column] != instance[column]:
            raise refuse(f'its {name} {target[column]!r} is not the '
                         f'instance\'s {instance[column]!r}')
    flavour_id = instance['instantiated_vnf_info']['flavourId']
    vnfd = db_packages.get_vnfd(context, target['id'])
    flavour = (vnfd['deployment_flavours'] or {}).get(flavour_id)
    if flavour is None:
        raise refuse(f'it has no flavour {flavour_id}, the instance\'s')
    vim_type = _vim_type(context, instance, body)
    if vim_type is None:
        return
    infra_requirements.check_package_change(
        vim_type, flavour_id, _package_dir(context, instance['vnf_pkg_id']),
        package_files.PackageFiles(CONF, target['id']).content(vnfd),
        body.get('additionalParams'), flavour,
        instance['instantiated_vnf_info'], target['vnfd_id'])


def _check_infra(context, instance, operation, body):
    """Refuse what the infra driver of the operation's VIM (``_vim_type``)
    could not deploy from the instance's package
    (``infra_requirements``).

    :raises: NoVim, NoDriver, PackageNotDeployable,
        InvalidAdditionalParam, OperationNotSupported
    """
    vim_type = _vim_type(context, instance, body)
    if vim_type is None:
        return
    # The flavour the operation deploys.
    flavour_id = body.get('flavourId') or body.get('newFlavourId') or (
        instance['instantiated_vnf_info'] or {}).get('flavourId')
    vnfd = db_packages.get_vnfd(context, instance['vnf_pkg_id'])
    infra_requirements.check(
        vim_type, operation, flavour_id,
        _package_dir(context, instance['vnf_pkg_id'], vnfd),
        body.get('additionalParams'),
        (vnfd['deployment_flavours'] or {}).get(flavour_id))


def _package_dir(context, package_id, vnfd=None):
    """Where the package's VNFD and files are (not its images and
    artifacts)."""
    return package_files.PackageFiles(CONF, package_id).content(
        vnfd or db_packages.get_vnfd(context, package_id))


def _vim_type(context, instance, body):
    """The vimType of the operation's VIM (``vim_order``; the default
    VIM of the type the request needs,
    ``infra_requirements.default_vim_type``), or None with an external
    NFVO when no VIM is named: its grant names the VIM, and the
    conductor checks after it.

    :raises: NoVim
    """
    external = CONF.nfvo.use_external_nfvo
    vim_type = infra_requirements.default_vim_type(
        body.get('additionalParams'))
    choice = vim_order.choose(
        body.get('vimConnectionInfo'), instance['vim_connection_info'],
        None, lambda: None if external else _default_vim(
            context, instance['project_id'], vim_type))
    if not choice.connections:
        if external:
            return None
        raise exceptions.NoVim(vim_type=vim_type)
    return choice.connections[0].get('vimType')


def _default_vim(context, project_id, vim_type):
    """The project's default VIM of ``vim_type`` as a VimConnectionInfo
    naming it."""
    row = db_vims.get_default(context, project_id, vim_type)
    return None if row is None else {'id': row['id'], 'vimId': row['id'],
                                     'vimType': row['type']}
