"""The ``vnf_script`` mgmt driver: the management scripts of SOL VNF
packages written for Tacker's v2 API (``tacker.common.lcm_scripts``).

A script is package code, so it runs as the change_vnfpkg coordination
scripts do, through the same runner (``python3 <script>`` in the
package's folder, its argument pickled on stdin) in a bounded child
process (``child_process``), killed after ``[vnf_lcm]
mgmt_script_timeout`` seconds; never in the conductor.

It configures no legacy VDU: a legacy VNFD naming it is refused.
"""

from tacker.common import exceptions
from tacker.common import infra_requirements
from tacker.common import lcm_scripts
from tacker.drivers.infra import coordination
from tacker.drivers.mgmt import base

_NOT_LEGACY = ('it runs the Vnflcm scripts of SOL VNF packages and '
               'configures no legacy VDU')


class VnfScriptDriver(base.MgmtDriver):

    def validate_config(self, config):
        raise ValueError('mgmt_driver vnf_script: ' + _NOT_LEGACY)

    def apply_config(self, target, config):
        raise exceptions.MgmtFailed(driver=lcm_scripts.DRIVER,
                                    vdu=target.vdu_name,
                                    vnf_id=target.vnf_id,
                                    reason=_NOT_LEGACY)

    def run_lcm_script(self, package_dir, flavour, hook, payload):
        """:raises LcmScriptFailed: the script is no file of the package,
        exited non-zero, died or timed out; with its stderr's last
        lines."""
        script = lcm_scripts.script(flavour, hook)
        if script is None:
            return False
        try:
            path = infra_requirements.package_file(package_dir, script)
        except ValueError as error:
            raise exceptions.LcmScriptFailed(hook=hook, script=script,
                                             reason=str(error))
        reason = coordination.run_package_script(
            package_dir, path, payload, self.conf.vnf_lcm.mgmt_script_timeout)
        if reason:
            raise exceptions.LcmScriptFailed(hook=hook, script=script,
                                             reason=reason)
        return True
