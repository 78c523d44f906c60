"""List throughput with many packages: requests/s of one page of
``GET /vnfpkgm/v1/vnf_packages`` (a page is ``[vnf_package] page_size``,
100 by default), with and without a filter, at 8 connections.

Creates packages through the API until --packages exist. Against a
running service (``bash tools/run.sh``):

    .venv/bin/python benchmarks/package_list.py [--url URL]
        [--packages 1000] [--seconds 10]
"""
import argparse
import concurrent.futures

import requests

import http_rps

API = '/vnfpkgm/v1/vnf_packages'


def count_packages(url):
    total, next_url = 0, url + API + '?fields=id'
    while next_url:
        response = requests.get(next_url)
        total += len(response.json())
        link = response.headers.get('Link')
        next_url = link[1:link.index('>')] if link else None
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', default='http://127.0.0.1:9890')
    parser.add_argument('--packages', type=int, default=1000)
    parser.add_argument('--connections', type=int, default=8)
    parser.add_argument('--seconds', type=float, default=10.0)
    args = parser.parse_args()

    missing = args.packages - count_packages(args.url)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: requests.post(
            args.url + API, json={'userDefinedData': {'n': n}}),
            range(max(missing, 0))))
    print('%d packages' % count_packages(args.url))
    for path in (API, API + '?filter=(eq,onboardingState,CREATED)',
                 API + '?all_fields'):
        http_rps.report(path, args.connections, *http_rps.measure(
            args.url, path, args.connections, args.seconds))


if __name__ == '__main__':
    main()
