"""Configured values are checked when a service starts."""
from oslo_config import cfg
import pytest

from tacker.common import config
from tacker.conf import opts


def conf_from(tmp_path, text):
    path = tmp_path / 'tacker.conf'
    path.write_text(text)
    conf = cfg.ConfigOpts()
    for group, options in opts.list_opts():
        conf.register_opts(options, group=group)
    conf(['--config-file', str(path)], project='tacker',
         default_config_files=[])
    return conf


def test_an_invalid_value_stops_the_service_naming_the_option(tmp_path):
    conf = conf_from(tmp_path, '[DEFAULT]\noutbound_denied_networks = '
                               '127.0.0.0/8, not-a-cidr\n')
    with pytest.raises(SystemExit) as caught:
        config.check_values(conf)
    assert '[DEFAULT] outbound_denied_networks' in str(caught.value)
    assert 'not-a-cidr' in str(caught.value)


def test_valid_values_pass(tmp_path):
    conf = conf_from(tmp_path, '[vnf_package]\nmax_yaml_depth = 10\n')
    config.check_values(conf)
    assert conf.vnf_package.max_yaml_depth == 10
