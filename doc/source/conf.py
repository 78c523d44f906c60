"""Sphinx configuration of the Tacker documentation.

Build with::

    sphinx-build -W -b html doc/source doc/build/html
"""
import configparser
import os

_SETUP_CFG = os.path.join(os.path.dirname(__file__), '..', '..', 'setup.cfg')


def _version():
    parser = configparser.ConfigParser()
    parser.read(_SETUP_CFG)
    return parser.get('metadata', 'version', fallback='')


project = 'Tacker'
author = 'Tacker developers'
copyright = 'Tacker developers'
release = _version()
version = '.'.join(release.split('.')[:2])

extensions = []
root_doc = 'index'
source_suffix = {'.rst': 'restructuredtext'}
exclude_patterns = ['_build']
language = 'en'

pygments_style = 'sphinx'
html_theme = 'alabaster'
html_title = 'Tacker %s' % release
html_static_path = []
