"""A child for ``child_process`` tests: ``python -m`` this module does
what the request's "do" says."""
import os
import signal

from tacker.common import child_process


def _handle(request):
    action = request['do']
    if action == 'spin':
        while True:
            pass
    if action == 'allocate':
        try:
            hoard = bytearray(request['bytes'])
        except MemoryError:
            return {'error': 'memory'}
        return {'result': len(hoard)}
    if action == 'crash':
        os.kill(os.getpid(), signal.SIGSEGV)
    if action == 'print':
        print('not the answer')
    return {'result': request.get('echo')}


if __name__ == '__main__':
    child_process.serve(_handle)
