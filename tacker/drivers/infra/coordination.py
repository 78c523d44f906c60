"""The coordination scripts of a CHANGE_VNFPKG.

Tacker's packages simulate the VNF LCM coordination of SOL002 v3.3.1
(clause 10) with scripts named in ChangeCurrentVnfPkgRequest's
additionalParams: ``lcm-operation-coordinate-new-vnf`` (a file of the new
package) runs after each VNFC moved to it, ``lcm-operation-coordinate-
old-vnf`` (a file of the old package) after each VNFC a rollback
returned. A script gets its VDU's ``new_vnfc_param`` (``old_vnfc_param``)
from ``vdu_params``, with the VNFC's address as ``ssh_ip``, pickled on its
stdin, and fails the step with a non-zero exit status. That code comes
with the package, so it runs in a bounded child process
(``child_process``), never in the conductor.
"""
import pathlib

from tacker.common import child_process
from tacker.common import exceptions
from tacker.common import infra_requirements
from tacker.common import sol003_v3

RUNNER = 'tacker.drivers.infra.coordination_runner'
MEMORY_LIMIT = 1 << 30
OUTPUT_LIMIT = 1 << 16


def coordinate(request, vnfc, address, timeout, rollback=False):
    """Run the script for one VNFC (``vnfc``, a VnfcResourceInfo) of a
    CHANGE_VNFPKG ``request``, if the request names one.

    :param address: the VNFC's IP address (``ssh_ip``), or None.
    :param timeout: seconds before the script is killed.
    :raises CoordinationFailed: the script exited non-zero, timed out
        or died; with its stderr's last lines.
    """
    params = request.additional_params
    key = (infra_requirements.COORDINATE_OLD_VNF if rollback
           else infra_requirements.COORDINATE_NEW_VNF)
    script = params.get(key)
    if not script:
        return
    package_dir = (request.package_dir if rollback
                   else request.target_package_dir)
    path = infra_requirements.package_file(package_dir, script)
    vdu_param = infra_requirements.vdu_param(params, vnfc['vduId']) or {}
    param = dict(vdu_param.get('old_vnfc_param' if rollback
                               else 'new_vnfc_param') or {},
                 ssh_ip=address, is_rollback=rollback,
                 vnfc_info_id=sol003_v3.vnfc_info_id(vnfc),
                 LcmCoordRequest=_coordination_request(request),
                 inst={'id': request.instance_id,
                       'instantiatedVnfInfo': request.current})
    reason = run_package_script(package_dir, path, param, timeout)
    if reason:
        raise exceptions.CoordinationFailed(script=script, vnfc=vnfc['id'],
                                            reason=reason)


def run_package_script(package_dir, path, param, timeout):
    """Run the package's script ``path`` as Tacker runs a package's
    scripts (``python3 <script>`` in ``package_dir``, ``param`` pickled
    on its stdin) in the bounded runner; why it failed (non-zero exit
    with stderr's last lines, death, timeout), or None when it exited
    0."""
    outcome = child_process.run(
        RUNNER, {'package_dir': str(pathlib.Path(package_dir).resolve()),
                 'path': str(path), 'param': param},
        timeout, MEMORY_LIMIT, OUTPUT_LIMIT)
    if outcome.timed_out:
        return f'timed out after {timeout} s'
    code = ((outcome.envelope() or {}).get('result') or {}).get(
        'returncode')
    if code == 0:
        return None
    if code is None:  # The runner died with it (its memory, CPU time).
        return outcome.exit_detail()
    tail = child_process.last_lines(outcome.err.decode('utf-8', 'replace'))
    return f'exited with status {code}' + (f': {tail}' if tail else '')


def _coordination_request(request):
    """LcmCoordRequest (SOL002 v3.3.1 10.5.2.2) of the step, for scripts
    that pass it on to a management system; the script sets the
    coordinationActionName."""
    grant = request.grant or {}
    return {'vnfInstanceId': request.instance_id,
            'vnfLcmOpOccId': grant.get('vnfLcmOpOccId'),
            'lcmOperationType': request.operation,
            'coordinationActionName': None,
            '_links': {key: value for key, value in
                       (grant.get('_links') or {}).items()
                       if key in ('vnfLcmOpOcc', 'vnfInstance')}}
