"""Orchestration overhead of the Kubernetes infra driver: CNF lifecycles
against the sandbox Kubernetes API server at zero delay, p50/p95 per
operation.

Generates a CNF package of 10 VDUs, each a Deployment (one replica of a
tiny nginx image), and one scaling aspect whose step adds a Pod to every
one of them; onboards it, then runs --cycles create -> instantiate ->
scale out 1 step -> scale in 1 step -> terminate (FORCEFUL) -> delete
cycles, --concurrency at a time, each cycle in a namespace of its own
worker. The sandbox (``tacker-sandbox-vim --kubernetes-port 0 --delay
0``) makes Pods Ready at once, so an operation's time, from its POST to
COMPLETED, is what the API, the conductor, the driver and the sandbox's
API server spend; the CPU per operation of each process it started is
printed beside it, as the sandbox's share grows with the objects it
holds (with --concurrency 4 it is most of the time).

By default it starts its own deployment (SQLite, a RabbitMQ vhost of its
own, 2 API workers, 1 conductor) and sandbox; ``--url`` measures a
running service instead (``bash tools/run.sh``), and
``--kubernetes-url`` a running API server (run.sh's sandbox) instead of
a sandbox of its own. Exits non-zero with the operation's error when an
operation ends other than COMPLETED:

    .venv/bin/python benchmarks/cnf_cycles.py [--cycles 20]
        [--concurrency 1] [--url URL]
        [--kubernetes-url URL [--kubernetes-token TOKEN]
         [--kubernetes-ca-file PEM]]
"""
import argparse
import collections
import concurrent.futures
import contextlib
import pathlib
import queue
import statistics
import sys
import time
import uuid

import requests
import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import lcm_cycles  # noqa: E402
import scale_deploy  # noqa: E402
import scale_figures  # noqa: E402
from tests import packages  # noqa: E402
from tests.unit.tacker_sandbox import kubernetes_process  # noqa: E402

VDUS = 10
ASPECT = 'all_vdus'
DEF_FILE = 'Files/kubernetes/deployments.yaml'
IMAGE = 'nginx:alpine'
SANDBOX_TOKEN = 'sandbox-kubernetes-token'
OPERATIONS = ('create', 'instantiate', 'scale out', 'scale in',
              'terminate', 'delete')
# Of OPERATIONS, those with an op occurrence (the others are API-only).
LCM_OPERATIONS = 4
# Polls every 20 ms, not lcm_cycles' 5 ms: operations take 0.3 s and
# more, and 5 ms polls doubled the API server's CPU per operation (0.13
# s instead of 0.07 s, the conductor's own), taken from the processes
# measured.
POLL_S = 0.02


def _deployment(number):
    # Each mapping and list is a new object: the dump has no aliases,
    # which packages may not hold.
    def labels():
        return {'app': 'bench-%d' % number}
    return {'apiVersion': 'apps/v1', 'kind': 'Deployment',
            'metadata': {'name': 'bench-%d' % number, 'labels': labels()},
            'spec': {'replicas': 1, 'selector': {'matchLabels': labels()},
                     'template': {'metadata': {'labels': labels()},
                                  'spec': {'containers': [{
                                      'name': 'nginx', 'image': IMAGE}]}}}}


def _flavour():
    """The 'default' flavour of the 'cnf' sample's VNF type, with VDUs
    VDU1..VDU10 (Deployments bench-1..bench-10)."""
    vdus = ['VDU%d' % number for number in range(1, VDUS + 1)]
    nodes = {'VNF': {'type': 'company.webfrontend.CNF', 'properties': {
        'flavour_description': '%d Deployments, one scaling aspect' % VDUS}}}
    for number, vdu in enumerate(vdus, 1):
        nodes[vdu] = {'type': 'tosca.nodes.nfv.Vdu.Compute', 'properties': {
            'name': 'bench-%d' % number,
            'description': 'Deployment bench-%d' % number,
            'vdu_profile': {'min_number_of_instances': 1,
                            'max_number_of_instances': 3}}}
    policies = [
        {'scaling_aspects': {
            'type': 'tosca.policies.nfv.ScalingAspects',
            'properties': {'aspects': {ASPECT: {
                'name': ASPECT, 'description': 'A Pod more of every VDU',
                'max_scale_level': 2, 'step_deltas': ['delta_1']}}}}},
        {'initial_delta': {
            'type': 'tosca.policies.nfv.VduInitialDelta',
            'properties': {'initial_delta': {'number_of_instances': 1}},
            'targets': list(vdus)}},
        {'scaling_aspect_deltas': {
            'type': 'tosca.policies.nfv.VduScalingAspectDeltas',
            'properties': {'aspect': ASPECT, 'deltas': {
                'delta_1': {'number_of_instances': 1}}},
            'targets': list(vdus)}}]
    inputs = {name: {'type': 'string'} for name in (
        'descriptor_id', 'descriptor_version', 'provider', 'product_name',
        'software_version', 'flavour_id', 'flavour_description')}
    inputs['vnfm_info'] = {'type': 'list',
                           'entry_schema': {'type': 'string'}}
    return {
        'tosca_definitions_version': 'tosca_simple_yaml_1_2',
        'description': 'Benchmark flavour: %d Deployments' % VDUS,
        'imports': ['etsi_nfv_sol001_common_types.yaml',
                    'etsi_nfv_sol001_vnfd_types.yaml', 'cnf_types.yaml'],
        'topology_template': {
            'inputs': inputs,
            'substitution_mappings': {
                'node_type': 'company.webfrontend.CNF',
                'properties': {'flavour_id': 'default'}},
            'node_templates': nodes,
            'policies': policies}}


def _ten_deployments(package):
    """A ``build_csar`` mutate: the 'cnf' sample's manifests and default
    flavour replaced by the benchmark's."""
    manifests = package / 'Files' / 'kubernetes'
    for path in manifests.iterdir():
        path.unlink()
    (package / DEF_FILE).write_text(yaml.safe_dump_all(
        [_deployment(number) for number in range(1, VDUS + 1)],
        sort_keys=False))
    (package / 'Definitions' / 'cnf_df_default.yaml').write_text(
        yaml.safe_dump(_flavour(), sort_keys=False))


def build_cnf(dest_path, vnfd_id):
    return packages.build_csar('cnf', dest_path, vnfd_id=vnfd_id,
                               mutate=_ten_deployments)


class Kubernetes:
    """The Kubernetes API server the CNFs go to, and the namespaces of
    the benchmark's workers, created and deleted through its REST API."""

    def __init__(self, url, token, ca_file=None):
        self.url = url.rstrip('/')
        self.session = requests.Session()
        self.session.headers['Authorization'] = 'Bearer ' + token
        self.vim = {'id': 'k8s', 'vimType': 'ETSINFV.KUBERNETES.V_1',
                    'interfaceInfo': {'endpoint': self.url},
                    'accessInfo': {'bearer_token': token}}
        if ca_file:
            self.session.verify = ca_file
            # REQUESTS_CA_BUNDLE would win over the session's CA.
            self.session.trust_env = False
            with open(ca_file) as pem:
                self.vim['interfaceInfo']['ssl_ca_cert'] = pem.read()

    @contextlib.contextmanager
    def namespaces(self, count):
        """A queue of ``count`` new namespaces, deleted at exit."""
        names = ['bench-%s-%d' % (uuid.uuid4().hex[:8], number)
                 for number in range(count)]
        free = queue.Queue()
        try:
            for name in names:
                self.session.post(self.url + '/api/v1/namespaces', json={
                    'apiVersion': 'v1', 'kind': 'Namespace',
                    'metadata': {'name': name}},
                    timeout=10).raise_for_status()
                free.put(name)
            yield free
        finally:
            for name in names:
                self.session.delete('%s/api/v1/namespaces/%s' % (
                    self.url, name), timeout=10)


def _timed(call):
    """(the response of ``call()``, seconds it took)."""
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def cycle(url, vnfd_id, kubernetes, namespaces):
    """{operation: seconds} of one lifecycle, in a free namespace."""
    namespace = namespaces.get()
    try:
        session = requests.Session()
        timings = {}
        response, timings['create'] = _timed(lambda: session.post(
            url + lcm_cycles.LCM + '/vnf_instances',
            json={'vnfdId': vnfd_id}))
        if response.status_code != 201:
            raise RuntimeError('create: %d %s' % (response.status_code,
                                                  response.text))
        base = '%s/vnf_instances/%s' % (lcm_cycles.LCM,
                                        response.json()['id'])
        for operation, path, body in (
                ('instantiate', '/instantiate', {
                    'flavourId': 'default',
                    'vimConnectionInfo': [kubernetes.vim],
                    'additionalParams': {
                        'lcm-kubernetes-def-files': [DEF_FILE],
                        'namespace': namespace}}),
                ('scale out', '/scale', {'type': 'SCALE_OUT',
                                         'aspectId': ASPECT,
                                         'numberOfSteps': 1}),
                ('scale in', '/scale', {'type': 'SCALE_IN',
                                        'aspectId': ASPECT,
                                        'numberOfSteps': 1}),
                ('terminate', '/terminate', {'terminationType':
                                             'FORCEFUL'})):
            timings[operation] = lcm_cycles.run_op(
                session, url, base + path, body, POLL_S)
        response, timings['delete'] = _timed(
            lambda: session.delete(url + base))
        if response.status_code != 204:
            raise RuntimeError('delete: %d %s' % (response.status_code,
                                                  response.text))
        return timings
    finally:
        namespaces.put(namespace)


def _p95(values):
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method='inclusive')[18]


def measure(url, kubernetes, cycles, concurrency, processes):
    """Print p50/p95 per operation, cycles/s, and the CPU per LCM
    operation of ``processes`` ({label: [pid]})."""
    vnfd_id = lcm_cycles.onboard(url, build_cnf)
    timings = collections.defaultdict(list)
    with kubernetes.namespaces(concurrency) as namespaces:
        meters = {label: scale_deploy.CpuMeter(pids).start()
                  for label, pids in processes.items()}
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            for result in pool.map(
                    lambda _: cycle(url, vnfd_id, kubernetes, namespaces),
                    range(cycles)):
                for operation, seconds in result.items():
                    timings[operation].append(seconds)
        elapsed = time.monotonic() - started
    for operation in OPERATIONS:
        values = timings[operation]
        print('%-12s p50 %7.3f s   p95 %7.3f s' % (
            operation, statistics.median(values), _p95(values)))
    print('%.3f cycles/s (%d cycles in %.1f s)' % (
        cycles / elapsed, cycles, elapsed))
    for label, meter in meters.items():
        print('CPU per LCM operation, %s: %.3f s' % (
            label, sum(meter.stop().values()) / (LCM_OPERATIONS * cycles)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', help='a running service to measure')
    parser.add_argument('--kubernetes-url',
                        help='a running Kubernetes API server (default: a '
                             'sandbox of its own, at zero delay)')
    parser.add_argument('--kubernetes-token', default=SANDBOX_TOKEN)
    parser.add_argument('--kubernetes-ca-file',
                        help="the CA certificate of an https API server "
                             "(run.sh's: .tacker-run/sandbox-k8s-ca.pem)")
    parser.add_argument('--cycles', type=int, default=20)
    parser.add_argument('--concurrency', type=int, default=1)
    args = parser.parse_args()

    for label, value, detail in scale_figures.machine_speed():
        print('%s: %s (%s)' % (label, value, detail))
    print('%d cycles, concurrency %d, a CNF of %d Deployments; operation '
          '= POST -> COMPLETED seen by a client polling every %d ms '
          '(create and delete: the request)' % (
              args.cycles, args.concurrency, VDUS, 1000 * POLL_S),
          flush=True)
    processes = {}
    with contextlib.ExitStack() as stack:
        if args.kubernetes_url:
            kubernetes = Kubernetes(args.kubernetes_url,
                                    args.kubernetes_token,
                                    args.kubernetes_ca_file)
        else:
            sandbox = stack.enter_context(
                kubernetes_process.KubeSandbox(delay=0))
            kubernetes = Kubernetes(sandbox.url, sandbox.token)
            processes['sandbox'] = [sandbox.process.pid]
        if args.url:
            url = args.url
        else:
            deploy, _ = stack.enter_context(scale_deploy.deployment(
                'sqlite', default_log_levels='tacker=WARN,'
                                             'oslo_messaging=WARN'))
            url = deploy.url
            processes['tacker-conductor'] = [
                deploy.processes['tacker-conductor'].pid]
            processes['tacker-server (with the polls)'] = \
                scale_deploy.process_tree(
                    deploy.processes['tacker-server'].pid)
        try:
            measure(url, kubernetes, args.cycles, args.concurrency,
                    processes)
        except (AssertionError, RuntimeError) as error:
            sys.exit('cnf_cycles: %s' % error)


if __name__ == '__main__':
    main()
