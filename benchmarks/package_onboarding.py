"""Upload + onboarding time of a large CSAR, and the peak memory (RSS)
of tacker-server and tacker-conductor meanwhile.

The package is the single_vdu test sample plus one incompressible
artifact of --size-mb megabytes (listed with its hash in the manifest),
so the upload streams, hashing and extraction all see the whole size.
Against a running service (``bash tools/run.sh``):

    .venv/bin/python benchmarks/package_onboarding.py [--url URL]
        [--size-mb 200]
"""
import argparse
import os
import pathlib
import sys
import tempfile
import time

import requests

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from tests import packages  # noqa: E402

API = '/vnfpkgm/v1/vnf_packages'


def tacker_processes():
    """pid -> name of every tacker-server/-conductor process here."""
    found = {}
    for entry in pathlib.Path('/proc').iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / 'cmdline').read_bytes().split(b'\0')
        except OSError:
            continue
        for part in cmdline[:2]:
            name = os.path.basename(part.decode(errors='replace'))
            if name in ('tacker-server', 'tacker-conductor'):
                found[int(entry.name)] = name
    return found


def peak_rss_mib(pid):
    """VmHWM: the most resident memory the process ever had."""
    for line in pathlib.Path('/proc/%d/status' % pid).read_text().split(
            '\n'):
        if line.startswith('VmHWM:'):
            return int(line.split()[1]) / 1024.0
    return 0.0


def add_big_artifact(size_mb):
    def mutate(package):
        path = package / 'Files' / 'big.bin'
        with open(path, 'wb') as out:
            for _ in range(size_mb):
                out.write(os.urandom(1024 * 1024))
    return mutate


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', default='http://127.0.0.1:9890')
    parser.add_argument('--size-mb', type=int, default=200)
    args = parser.parse_args()

    before = {pid: peak_rss_mib(pid) for pid in tacker_processes()}
    with tempfile.TemporaryDirectory() as work:
        started = time.monotonic()
        csar = packages.build_csar(
            'single_vdu', pathlib.Path(work, 'big.zip'),
            vnfd_id='bench-%d' % time.time(),
            mutate=add_big_artifact(args.size_mb))
        size = os.path.getsize(csar)
        print('built a %.0f MiB CSAR in %.1f s' % (
            size / 2 ** 20, time.monotonic() - started))
        package = requests.post(args.url + API, json={}).json()
        started = time.monotonic()
        with open(csar, 'rb') as body:
            response = requests.put(
                '%s%s/%s/package_content' % (args.url, API, package['id']),
                data=body, headers={'Content-Type': 'application/zip'})
        uploaded = time.monotonic() - started
        assert response.status_code == 202, response.text
        while True:
            info = requests.get('%s%s/%s' % (
                args.url, API, package['id'])).json()
            if info['onboardingState'] == 'ONBOARDED' or \
                    'onboardingFailureDetails' in info:
                break
            time.sleep(0.1)
        total = time.monotonic() - started
    print('upload %.1f s (%.0f MiB/s), upload + onboarding %.1f s: %s' % (
        uploaded, size / 2 ** 20 / uploaded, total,
        info['onboardingState']))
    for pid, name in sorted(tacker_processes().items()):
        print('%-17s pid %-7d peak RSS %.0f MiB (before: %.0f MiB)' % (
            name, pid, peak_rss_mib(pid), before.get(pid, 0.0)))


if __name__ == '__main__':
    main()
