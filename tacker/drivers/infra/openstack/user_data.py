"""Run a VNF package's LCM operation user-data script.

Packages written for Tacker compute their top HOT's parameters with a
Python class named in the request's additionalParams
(``lcm-operation-user-data``, ``lcm-operation-user-data-class``). That
code comes with the package, so it never runs in the conductor: a bounded
child Python (``tacker.common.child_process`` running
``user_data_runner``) runs it, and the script's prints go to the child's
stderr, never into its answer.
"""
import pathlib

from tacker.common import child_process
from tacker.common import exceptions
from tacker.common import infra_requirements

RUNNER = 'tacker.drivers.infra.openstack.user_data_runner'
MEMORY_LIMIT = 1 << 30
OUTPUT_LIMIT = 10 << 20


class UserDataFailed(exceptions.BadRequest):
    message = 'lcm-operation-user-data %(script)s: %(reason)s'


class UserDataHookMissing(UserDataFailed, NotImplementedError):
    """The class has no method for the operation: the caller goes on as
    if the request named no user data for it."""


def run(package_dir, script, class_name, operation, base_hot_dict,
        vnfd_dict, inst_req_info, grant_info, timeout):
    """The HOT parameters (a dict) that ``class_name``'s static method
    named after ``operation`` (lower case: INSTANTIATE -> instantiate,
    also scale, heal, change_ext_conn, terminate) returns.

    The method is called as ``method(base_hot_dict, vnfd_dict,
    inst_req_info, grant_info)``, inst_req_info being that operation's
    request. ``base_hot_dict`` is given to the script as Tacker does:
    {'heat_template': top, <nested file name>: nested HOT, ...}; nested
    templates passed under 'nested_hot_templates' are moved up into it.
    Request structures reach the script as dicts that also answer
    snake_case attributes (``inst_req_info.ext_virtual_links``).
    YAML dates in the inputs (heat_template_version) become strings.

    :param package_dir: the extracted package; the script runs in it.
    :param script: the script's path relative to ``package_dir``.
    :param timeout: seconds before the script is killed.
    :raises UserDataHookMissing: the class has no such method (a
        NotImplementedError).
    :raises UserDataFailed: the script is outside the package or no file,
        the class is missing, the script raised, timed out, exceeded the
        memory limit, answered more than OUTPUT_LIMIT bytes, or returned
        something other than a JSON-serialisable dict.
    """
    path = _script_path(package_dir, script)
    if not (isinstance(class_name, str) and class_name.isidentifier()):
        raise _failed(script, f'class {class_name} not found')
    method = operation.lower()
    request = {'package_dir': str(pathlib.Path(package_dir).resolve()),
               'path': str(path), 'script': script,
               'class_name': class_name, 'method': method,
               'args': [_script_hot_dict(base_hot_dict), vnfd_dict,
                        inst_req_info, grant_info]}
    outcome = child_process.run(RUNNER, request, timeout, MEMORY_LIMIT,
                                OUTPUT_LIMIT)
    return _answer(outcome, script, class_name, method, timeout)


def _script_path(package_dir, script):
    """The script's resolved path, refused unless it is a file inside
    the package (``infra_requirements.package_file``)."""
    try:
        return infra_requirements.package_file(package_dir, script)
    except ValueError as error:
        raise _failed(script, str(error)) from None


def _script_hot_dict(base_hot_dict):
    flat = dict(base_hot_dict or {})
    flat.update(flat.pop('nested_hot_templates', None) or {})
    return flat


def _answer(outcome, script, class_name, method, timeout):
    if outcome.timed_out:
        raise _failed(script, f'timed out after {timeout} s')
    if outcome.too_large:
        raise _failed(script, f'answered more than {OUTPUT_LIMIT} bytes')
    envelope = outcome.envelope()
    if envelope is None:
        raise _failed(script, f'failed: {outcome.exit_detail()}')
    if 'result' in envelope:
        return envelope['result']
    error, detail = envelope.get('error'), envelope.get('detail')
    if error == 'no_hook':
        raise UserDataHookMissing(
            script=script, reason=f'class {class_name} has no method '
                                  f'{method}')
    reasons = {
        'class_missing': f'class {class_name} not found',
        'failed': f'failed: {child_process.last_lines(detail)}',
        'not_dict': f'did not return a dict (returned {detail})',
        'not_json': f'returned a dict that is not JSON: '
                    f'{child_process.last_lines(detail)}',
    }
    raise _failed(script, reasons.get(error, f'failed: {error}'))


def _failed(script, reason):
    return UserDataFailed(script=script, reason=reason)
