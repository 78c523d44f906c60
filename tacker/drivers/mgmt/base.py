"""The contract between the conductor and a mgmt driver.

A legacy VNFD's VDU names a ``mgmt_driver`` and may carry ``config``, a
text whose format the driver defines. The conductor calls
``validate_config`` when the VNFD is created and when a VNF's config is
updated (PUT /v1.0/vnfs/{id} ``attributes.config``), so that a config the
driver cannot use is refused then (400); and ``apply_config`` for each
VDU once the VNF is created, and again after such an update.

The SOL LCM workflow calls ``run_lcm_script`` of the ``vnf_script``
driver (``tacker.common.lcm_scripts``) around each operation's infra
driver step, for the management scripts a SOL VNFD declares.
"""
import abc
import dataclasses


@dataclasses.dataclass(frozen=True)
class MgmtTarget:
    """The VDU to configure: its VNF, its name in the VNFD, its
    management IP address, and the credentials the conductor has for it
    (the driver defines their keys; kept out of ``repr`` and so out of
    logs)."""

    vnf_id: str
    vdu_name: str
    address: str
    credentials: dict = dataclasses.field(default_factory=dict, repr=False)


class MgmtDriver(abc.ABC):

    def __init__(self, conf):
        self.conf = conf

    def validate_config(self, config):
        """Check ``config`` (the VDU's config text, None when it has
        none) without reaching any VDU; every config is accepted by
        default.

        :raises ValueError: the driver cannot use it (the message
            quotes no secret).
        """

    @abc.abstractmethod
    def apply_config(self, target, config):
        """Configure the VDU ``target`` (a MgmtTarget) as ``config`` says;
        returns once done, within a deadline of the driver's.

        :raises MgmtFailed: it could not be done.
        """

    def run_lcm_script(self, package_dir, flavour, hook, payload):
        """Run the management script that ``flavour`` (a SOL VNFD's
        deployment flavour as ``tacker.common.vnfd.parse`` gives it)
        declares for its Vnflcm operation ``hook``, if any, from the
        package extracted in ``package_dir``, on ``payload``; returns
        whether it ran one; a driver runs none by default.

        :raises LcmScriptFailed: the script failed, naming it.
        """
        return False
