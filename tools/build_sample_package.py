"""Zip one of the sample VNF packages (tests/samples/vnf_packages) into a
CSAR ready to upload: ETSI's SOL001 type files added to Definitions/ and
every file hashed into the manifest, as a package vendor would ship it.

    .venv/bin/python tools/build_sample_package.py two_flavours /tmp/vnf.zip
"""
import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from tests import packages  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('sample', choices=sorted(packages.VNFD_IDS))
    parser.add_argument('dest', help='path of the CSAR to write')
    parser.add_argument('--vnfd-id', help='another vnfdId than the '
                        "sample's, to onboard it a second time")
    args = parser.parse_args()
    print(packages.build_csar(args.sample, pathlib.Path(args.dest),
                              vnfd_id=args.vnfd_id))


if __name__ == '__main__':
    main()
