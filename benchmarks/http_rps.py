"""Requests per second of one GET path at N concurrent connections.

Against a running tacker-server, e.g. the one ``bash tools/run.sh``
starts. The default path, ``/vnflcm/v1/api_versions``, measures the API
framework's own cost (routing, request id, context, JSON):

    .venv/bin/python benchmarks/http_rps.py [--url URL] [--path PATH]
        [--connections 8] [--seconds 10]

Each connection is a separate process holding one keep-alive HTTP/1.1
connection, so the client's GIL does not cap the figure.
"""
import argparse
import http.client
import multiprocessing
import time
import urllib.parse


def _hammer(url, path, seconds, results):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    done = errors = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        conn.request('GET', path)
        response = conn.getresponse()
        response.read()
        if response.status == 200:
            done += 1
        else:
            errors += 1
    conn.close()
    results.put((done, errors))


def measure(url, path, connections, seconds):
    """Run the load; returns (ok, errors, elapsed seconds)."""
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_hammer,
                                       args=(url, path, seconds, results))
               for _ in range(connections)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    totals = [results.get() for _ in workers]
    elapsed = time.monotonic() - started
    for worker in workers:
        worker.join()
    return (sum(t[0] for t in totals), sum(t[1] for t in totals),
            elapsed)


def report(path, connections, done, errors, elapsed):
    print('GET %s: %d connections, %.1f s: %d ok, %d errors, %.0f req/s, '
          'mean latency %.2f ms' % (
              path, connections, elapsed, done, errors, done / elapsed,
              1000.0 * elapsed * connections / max(done, 1)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', default='http://127.0.0.1:9890')
    parser.add_argument('--path', default='/vnflcm/v1/api_versions')
    parser.add_argument('--connections', type=int, default=8)
    parser.add_argument('--seconds', type=float, default=10.0)
    args = parser.parse_args()
    report(args.path, args.connections,
           *measure(args.url, args.path, args.connections, args.seconds))


if __name__ == '__main__':
    main()
