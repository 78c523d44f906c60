"""``tacker-sandbox-vim``: a stand-in OpenStack (Keystone v3 + Heat v1)
for dry runs of VNF packages and for tests; see :mod:`tacker_sandbox`.

Served by eventlet.wsgi in this one process. Only ``main`` monkey-patches,
so the sandbox modules can be imported (and unit-tested) without it.
"""
import argparse
import ipaddress
import logging
import os
import signal
import socket
import sys
import tempfile

from tacker_sandbox import kubernetes

DESCRIPTION = """\
Serve a simulated OpenStack: Keystone v3 under /identity/v3 (one domain
"Default"; the user and project below, with the admin role, plus those of
--identities) and Heat v1 under /heat-api/v1/<project id>, enough for
keystoneauth1, keystonemiddleware and python-heatclient. Stacks are
simulated from their HOT templates (all projects share one set of
stacks); nothing is booted.

--identities FILE (JSON) adds projects and users with roles (admin,
member, reader, service; admin implies member implies reader):
  {"projects": ["alpha", "beta"],
   "users": [{"name": "alice", "password": "...",
              "roles": {"alpha": ["member"]}}]}
A user with the admin or service role may validate others' tokens (as
keystonemiddleware's service user does).

--address-pool CIDR gives every OS::Neutron::Port without a
fixed_ips[].ip_address the lowest free host address of that network
(127.0.10.0/24: 127.0.10.1 first), unique across all stacks, kept for
the port's life (updates keep it; a replacement gets another one), and
free again after the port's deletion. A port the pool cannot serve goes
CREATE_FAILED (or UPDATE_FAILED), and its stack with it. Any IPv4 or
IPv6 network is accepted, but only a loopback one (in 127.0.0.0/8)
reaches a server a test binds on the port's address, as ping or HTTP
monitoring of a VNFC needs. Without it, ports get made-up 10.x.y.z
addresses.

Admin API (no token; keep the sandbox on localhost):
  GET /sandbox                  what is served (URLs, project id, delay,
                                address pool)
  GET|PUT|DELETE /sandbox/faults
      PUT {"faults": [{"resource": "<resource name or type>",
                       "action": "CREATE|UPDATE|DELETE",
                       "reason": "...", "count": N (optional)}]}
      makes a matching resource, and its stack, go <ACTION>_FAILED with
      "Resource <ACTION> failed: <reason>"; faults stay until cleared
      unless they have a count.
  GET /sandbox/stacks[?show_deleted=true]   every stack, nested ones too
  GET /metrics                  Prometheus metrics (text format) of every
      live server (OS::Nova::Server) of every stack:
        sandbox_server_cpu_utilization (percent), sandbox_server_memory_bytes,
        sandbox_server_health (1 healthy, 0 down), labelled server_id,
        server_name, resource_name, stack_id, root_stack_id, project_id;
        as Ceilometer's: ceilometer_cpu (counter, ns) and
        ceilometer_memory_usage (MiB), labelled resource (the server id),
        resource_name (its name), project;
      and, with --kubernetes-port, of every Pod: sandbox_pod_* (the same
      three), labelled namespace, pod, uid; as the kubelet's, cAdvisor's
      and kube-state-metrics': pod_cpu_usage_seconds_total (counter) and
      pod_memory_working_set_bytes (namespace, pod), kube_pod_info
      (namespace, pod, node), container_fs_usage_bytes and
      container_fs_limit_bytes (10 GiB) (namespace, pod, container: the
      first), and kube_node_status_capacity (node, resource="memory",
      unit="byte": 16 GiB). The CPU counters grow at cpu_utilization
      percent of a core, from 0 when the sandbox first sees the server or
      Pod (and again after a restart).
  GET|PUT|DELETE /sandbox/metrics/servers/<server id>
  GET|PUT|DELETE /sandbox/metrics/pods/<namespace>/<name>
      PUT {"health": 0|1, "cpu_utilization": 0-100, "memory_bytes": N,
           "disk_bytes": N} sets any of them (default 1, 10.0, 268435456
      and 1073741824; the others keep theirs; disk_bytes shows only as a
      Pod's container_fs_usage_bytes); DELETE resets them. A replaced
      server (new id) or Pod (new uid) starts with the defaults.

--kubernetes-port N also serves a simulated Kubernetes API server at
http(s)://HOST:N (a second line says where, with its token and CA
file), enough for the kubernetes Python client (DynamicClient too) and
kubectl: core/v1, apps/v1, batch/v1, rbac, networking and
CustomResourceDefinitions. Every request needs "Authorization: Bearer
<--kubernetes-token>". Workload controllers make Pods that turn Running
and Ready after --delay on two simulated nodes; Job Pods then succeed.
Its admin API:
  GET /sandbox/kubernetes          its URL, token, CA file and nodes
  GET|PUT|DELETE /sandbox/kubernetes/faults
      PUT {"imagePullBackOff": ["<marker>", ...]}: a Pod whose image
      name contains a marker stays Pending in ImagePullBackOff
  POST /sandbox/kubernetes/namespaces/<ns>/pods/<name>/replace
      the cluster deletes that Pod; its controller makes another (a Pod
      without one comes back under the same name with a new uid)
"""


def build_parser():
    parser = argparse.ArgumentParser(
        prog='tacker-sandbox-vim', description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--host', default='127.0.0.1',
                        help='address to listen on (default: %(default)s)')
    parser.add_argument('--port', type=int, default=5000,
                        help='port to listen on; 0 picks a free one '
                             '(default: %(default)s)')
    parser.add_argument('--user', default='admin',
                        help='the Keystone user (default: %(default)s)')
    parser.add_argument('--password', default='devstack',
                        help='its password (default: %(default)s)')
    parser.add_argument('--project', default='admin',
                        help='its project (default: %(default)s)')
    parser.add_argument('--identities', metavar='FILE',
                        help='JSON file of more projects, users and role '
                             'assignments (see above)')
    parser.add_argument('--region', default='RegionOne',
                        help='region of the catalog endpoints '
                             '(default: %(default)s)')
    parser.add_argument('--state-file', metavar='FILE',
                        help='SQLite file keeping stacks, faults and the '
                             'token key across restarts (default: memory '
                             'only)')
    parser.add_argument('--delay', type=float, default=1.0, metavar='S',
                        help='seconds a stack action stays IN_PROGRESS '
                             '(default: %(default)s)')
    parser.add_argument('--token-ttl', type=int, default=3600, metavar='S',
                        help='token lifetime in seconds '
                             '(default: %(default)s)')
    parser.add_argument('--address-pool', type=_network, metavar='CIDR',
                        help='addresses for ports given no fixed IP, e.g. '
                             '127.0.10.0/24 (see above; default: made-up '
                             'ones)')
    parser.add_argument('--kubernetes-port', type=int, metavar='N',
                        help='also serve a simulated Kubernetes API on this '
                             'port; 0 picks a free one (default: off)')
    parser.add_argument('--kubernetes-token', metavar='T',
                        default=kubernetes.DEFAULT_TOKEN,
                        help='the bearer token it accepts '
                             '(default: %(default)s)')
    parser.add_argument('--kubernetes-tls', action='store_true',
                        help='serve it over HTTPS with a self-signed '
                             'certificate for 127.0.0.1 and localhost')
    parser.add_argument('--kubernetes-ca-file', metavar='PATH',
                        help='where to write that certificate (PEM) '
                             '(default: STATE_FILE.kubernetes-ca.pem, or a '
                             'new temporary file)')
    parser.add_argument('--quiet', action='store_true',
                        help='do not log each request on stderr')
    return parser


def _network(value):
    try:
        return ipaddress.ip_network(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class _AccessLog:
    """eventlet.wsgi writes one access line per request here."""

    def __init__(self, quiet):
        self.quiet = quiet

    def write(self, line):
        if not self.quiet:
            sys.stderr.write(line)
            sys.stderr.flush()


def main(argv=None):
    args = build_parser().parse_args(argv)
    if args.delay < 0 or args.token_ttl <= 0:
        sys.exit('--delay must be >= 0 and --token-ttl > 0')
    if args.kubernetes_port is not None and not (
            0 <= args.kubernetes_port <= 65535 and args.kubernetes_token and
            args.kubernetes_token.isprintable() and
            ' ' not in args.kubernetes_token):
        sys.exit('--kubernetes-port must be a port number and '
                 '--kubernetes-token printable, without spaces')

    from tacker_sandbox import keystone as keystone_lib
    try:
        identities = keystone_lib.load_identities(args.identities) \
            if args.identities else None
    except (OSError, ValueError) as error:
        sys.exit('--identities: %s' % error)

    import eventlet
    eventlet.monkey_patch()
    from eventlet.green import os as green_os
    from eventlet import patcher
    import eventlet.wsgi

    from tacker_sandbox import app as app_lib

    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format='%(asctime)s %(levelname)s %(name)s '
                               '%(message)s')
    try:
        app, store = app_lib.build_app(
            args.state_file, args.user, args.password, args.project,
            args.region, args.delay, args.token_ttl,
            identities=identities, address_pool=args.address_pool)
    except ValueError as error:
        sys.exit('--identities: %s' % error)
    sock = _listen(args.host, args.port)
    url = _url('http', sock)
    print('sandbox VIM listening: keystone %s/identity/v3 heat '
          '%s/heat-api/v1/%s' % (url, url, app.keystone.project['id']),
          flush=True)
    servers = []
    if args.kubernetes_port is not None:
        servers.extend(_serve_kubernetes(args, app, store))

    # The handler only writes to a pipe (with the unpatched write, so it
    # never switches green threads); the main green thread waits on it.
    stop_read, stop_write = os.pipe()
    plain_write = patcher.original('os').write
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: plain_write(stop_write, b'.'))
    servers.append(eventlet.spawn(eventlet.wsgi.server, sock, app,
                                  log=_AccessLog(args.quiet), debug=False,
                                  socket_timeout=60))
    green_os.read(stop_read, 1)
    for server in servers:
        server.kill()
    store.close()
    return 0


def _listen(host, port):
    """A listening socket, or exit naming the address."""
    import eventlet
    try:
        sock = eventlet.listen((host, port))
    except OSError as error:
        sys.exit('cannot listen on %s:%d: %s' % (host, port, error))
    # Headers and body leave in separate writes; without this the body
    # waits for the client's delayed ACK.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _url(scheme, sock):
    host, port = sock.getsockname()[:2]
    return '%s://%s:%d' % (scheme, host if ':' not in host
                           else '[%s]' % host, port)


def _serve_kubernetes(args, sandbox_app, store):
    """Start the simulated Kubernetes API server and its controllers on
    a socket of their own; print where it is. Returns their green
    threads."""
    import eventlet
    import eventlet.wsgi

    from tacker_sandbox.kubernetes import admin as admin_lib
    from tacker_sandbox.kubernetes import app as kube_app_lib
    from tacker_sandbox.kubernetes import cluster as cluster_lib
    from tacker_sandbox.kubernetes import tls

    kube_app, controllers, wake = kube_app_lib.build(
        store, args.delay, args.kubernetes_token)
    sock = _listen(args.host, args.kubernetes_port)
    ca_file = None
    if args.kubernetes_tls:
        ca_file = args.kubernetes_ca_file or (
            args.state_file + '.kubernetes-ca.pem' if args.state_file else
            _temporary_path('tacker-sandbox-kubernetes-ca-', '.pem'))
        try:
            context = tls.server_context(store, args.host, ca_file)
        except OSError as error:
            sys.exit('--kubernetes-ca-file: %s' % error)
        sock = context.wrap_socket(sock, server_side=True)
    url = _url('https' if ca_file else 'http', sock)
    admin_lib.KubernetesAdmin(kube_app.cluster, {
        'url': url, 'token': args.kubernetes_token, 'caFile': ca_file,
        'nodes': list(cluster_lib.NODES)}).connect(sandbox_app)
    print('sandbox kubernetes listening: %s token %s%s'
          % (url, args.kubernetes_token,
             ' ca %s' % ca_file if ca_file else ''), flush=True)
    return [eventlet.spawn(controllers.run, wake),
            eventlet.spawn(eventlet.wsgi.server, sock, kube_app,
                           log=_AccessLog(args.quiet), debug=False,
                           socket_timeout=60)]


def _temporary_path(prefix, suffix):
    descriptor, path = tempfile.mkstemp(prefix=prefix, suffix=suffix)
    os.close(descriptor)
    return path


if __name__ == '__main__':
    sys.exit(main())
