"""tacker.api.wsgi_app:application is a plain WSGI callable that a
uWSGI or mod_wsgi container can load with only a config file."""
import json
import subprocess
import sys

PROBE = '''
import json, sys, wsgiref.util
from tacker.api.wsgi_app import application
environ = {'REQUEST_METHOD': 'GET', 'PATH_INFO': '/vnfpkgm/v1/api_versions'}
wsgiref.util.setup_testing_defaults(environ)
statuses = []
body = b''.join(application(environ, lambda s, h: statuses.append(s)))
print(json.dumps({'status': statuses[0], 'body': json.loads(body)}))
'''


def test_application_loads_config_from_env_and_serves(tmp_path):
    conf = tmp_path / 'tacker.conf'
    conf.write_text('[DEFAULT]\nstate_path = %s\n' % tmp_path)
    result = subprocess.run(
        [sys.executable, '-c', PROBE], capture_output=True, text=True,
        env={'TACKER_CONFIG_FILES': str(conf), 'PATH': '/usr/bin:/bin'},
        check=True)
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer == {'status': '200 OK',
                      'body': {'uriPrefix': '/vnfpkgm/v1', 'apiVersions': [
                          {'version': '2.1.0', 'isDeprecated': False}]}}
