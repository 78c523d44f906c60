"""Read an extracted VNF package in a bounded child process.

``csar.load`` and ``vnfd.parse`` run PyYAML and tosca-parser on untrusted
YAML: their memory and time grow with the input, and C code among them
can crash on it. So they run in a child Python (``child_process``) capped
in memory, CPU and wall time: the worst a package can do is fail its own
onboarding, with a reason, while the conductor goes on.

``python -m`` this module is that child.
"""
import dataclasses
import json
import signal
import tempfile
import traceback

from oslo_log import log as logging

from tacker.common import child_process
from tacker.common import csar
from tacker.common import exceptions
from tacker.common import vnfd

LOG = logging.getLogger(__name__)

MODULE = 'tacker.common.package_reader'
# The VNFD as dicts and the artifact list: far less than the YAML and
# the entries they come from.
OUTPUT_LIMIT = 64 << 20

# What the child may report by class name; it raises nothing else on
# purpose.
_ERRORS = {cls.__name__: cls for cls in (
    exceptions.InvalidCsar, exceptions.InvalidVnfd,
    exceptions.VnfdLimitExceeded)}


def read(root, tosca_definitions_dir, limits):
    """What onboarding needs of the package extracted at ``root``:
    {"vnfd": the dict ``vnfd.parse`` returns, "artifacts": the
    ``CsarContents.artifacts``}, JSON-safe (YAML dates become strings).

    :param limits: ``csar.Limits``; its ``parser_memory`` and
        ``parser_timeout`` bound the child.
    :raises InvalidCsar: as ``csar.load``.
    :raises VnfdLimitExceeded: as ``vnfd.parse``, or reading took more
        memory or time than ``limits`` allow.
    :raises InvalidVnfd: as ``vnfd.parse``, or the parser crashed on it.
    """
    with tempfile.TemporaryDirectory(prefix='tacker-package-read-') as tmp:
        request = {'root': str(root),
                   'types_dir': str(tosca_definitions_dir),
                   'limits': dataclasses.asdict(limits), 'tmp': tmp}
        outcome = child_process.run(MODULE, request, limits.parser_timeout,
                                    limits.parser_memory, OUTPUT_LIMIT)
    if outcome.timed_out or outcome.returncode == -signal.SIGXCPU:
        raise exceptions.VnfdLimitExceeded(
            reason=f'reading the package took more than '
                   f'{limits.parser_timeout} s ([vnf_package] '
                   'vnfd_parser_timeout)')
    envelope = outcome.envelope()
    if outcome.too_large or envelope is None:
        LOG.warning('Reading package %s failed: %s', root,
                    outcome.exit_detail())
        ending = ('answered too much' if outcome.too_large
                  else outcome.ending())
        raise exceptions.InvalidVnfd(
            reason=f'the VNFD parser failed on it ({ending})')
    if 'result' in envelope:
        return envelope['result']
    error, detail = envelope.get('error'), envelope.get('detail')
    if error == 'memory':
        raise exceptions.VnfdLimitExceeded(
            reason=f'reading the package needed more than '
                   f'{limits.parser_memory} bytes of memory ([vnf_package] '
                   'vnfd_parser_memory)')
    if error in _ERRORS:
        raise _ERRORS[error](detail)
    LOG.warning('Reading package %s failed: %s', root,
                outcome.exit_detail())
    raise exceptions.InvalidVnfd(
        reason=f'the VNFD parser failed on it ({detail})')


def _read(request):
    """The child's work: the envelope of ``read``'s answer."""
    tempfile.tempdir = request['tmp']
    limits = csar.Limits(**request['limits'])
    try:
        contents = csar.load(request['root'], limits)
        info = vnfd.parse(contents, request['types_dir'], limits.yaml)
        result = {'vnfd': info, 'artifacts': contents.artifacts}
        return {'result': json.loads(json.dumps(result, default=str))}
    except tuple(_ERRORS.values()) as exc:
        return {'error': type(exc).__name__, 'detail': exc.detail}
    except MemoryError:
        return {'error': 'memory'}
    except Exception as exc:
        # The traceback goes to stderr, which the parent logs.
        traceback.print_exc()
        return {'error': 'failed', 'detail': type(exc).__name__}


if __name__ == '__main__':
    child_process.serve(_read)
