"""Data files shipped with Tacker (package data, see setup.cfg)."""
import pathlib

# ETSI's SOL001 v2.6.1 type definitions, unchanged (provenance in its
# README.md): the default [vnf_package] tosca_definitions_dir, so VNFDs
# importing them by their ETSI URL onboard on a fresh install.
TOSCA_DEFINITIONS_DIR = (pathlib.Path(__file__).resolve().parent
                         / 'tosca-definitions')
