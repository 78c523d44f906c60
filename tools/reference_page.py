"""The command line the generators of doc/source's reference pages
share: ``GENERATOR [OUTPUT]`` writes the page to OUTPUT, by default the
committed one."""
import argparse
import pathlib


def main(doc, render, default_output):
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument('output', nargs='?', default=str(default_output))
    args = parser.parse_args()
    pathlib.Path(args.output).write_text(render())
