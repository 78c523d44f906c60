"""The contract between the conductor and an infra driver.

The conductor owns locking, state machines, persistence and notifications;
a driver only turns one LCM step into VIM resources and reports, as SOL003
v2.6.1 structures, what the VNF looks like afterwards and what changed.
So the conductor stays the same whichever VIM a VNF runs on.
"""
import abc
import dataclasses
import threading

from tacker.common import exceptions
from tacker.common import infra_requirements
from tacker.common import sizing
from tacker.common import states

# LcmRequest.operation; ``states.LCM_OPERATIONS`` names each one's step.
INSTANTIATE = states.INSTANTIATE
SCALE = states.SCALE
SCALE_TO_LEVEL = states.SCALE_TO_LEVEL
# The operations whose VIM work is ``scale`` (``sizing.scale_plan``).
SCALING = (SCALE, SCALE_TO_LEVEL)
HEAL = states.HEAL
TERMINATE = states.TERMINATE
CHANGE_EXT_CONN = states.CHANGE_EXT_CONN
CHANGE_VNFPKG = states.CHANGE_VNFPKG
CHANGE_FLAVOUR = states.CHANGE_FLAVOUR
# Longest graceful termination wait honoured, whatever the request says.
MAX_GRACEFUL_WAIT_S = 3600
# LcmRequest.operation of ``InfraDriver.reconcile``: no LCM operation.
RECONCILE = 'RECONCILE'

# The changeType of AffectedVnfc, AffectedVirtualLink and
# AffectedVirtualStorage (SOL003 v2.6.1 5.5.3.13 to 5.5.3.15).
ADDED = 'ADDED'
REMOVED = 'REMOVED'
MODIFIED = 'MODIFIED'


class Cancellation:
    """A client's cancel of the running step (SOL003 v2.6.1 5.4.17) as a
    driver sees it. GRACEFUL: let the VIM call in progress finish, start
    no new one. FORCEFUL: stop waiting for the one in progress, too.
    Set from another thread (the conductor's RPC endpoint).
    """

    def __init__(self):
        self.mode = None
        self._forceful = threading.Event()

    def request(self, mode):
        if self.mode != states.FORCEFUL:
            self.mode = mode
        if mode == states.FORCEFUL:
            self._forceful.set()

    def check(self):
        """Call between VIM calls.

        :raises OperationCancelled: a cancel was requested.
        """
        if self.mode is not None:
            raise exceptions.OperationCancelled(mode=self.mode)

    def wait(self, seconds):
        """Sleep ``seconds`` (waiting on a VIM), unless a FORCEFUL cancel
        comes first.

        :raises OperationCancelled: a FORCEFUL cancel came.
        """
        if self._forceful.wait(seconds):
            raise exceptions.OperationCancelled(mode=states.FORCEFUL)


@dataclasses.dataclass
class LcmRequest:
    """One LCM step as the driver needs it.

    ``flavour`` is the package's deployment flavour as
    ``tacker.common.vnfd.parse`` returns it; its id is ``flavour_id``,
    or else the dict's "flavour_id" key, so a caller may carry it either
    way. ``params`` is the request body as the client sent it (SOL003
    v2.6.1 5.5.2.4 InstantiateVnfRequest, 5.5.2.5 ScaleVnfRequest, 5.5.2.8
    TerminateVnfRequest, 5.5.2.9 HealVnfRequest, 5.5.2.11
    ChangeExtVnfConnectivityRequest); ``vim_connection`` a
    VimConnectionInfo (4.4.1.6), possibly empty; ``current`` the
    instance's instantiatedVnfInfo (5.5.2.2), None before INSTANTIATE.
    ``additional_params`` defaults to the body's additionalParams.
    ``grant`` is the NFVO's Grant (9.5.2.3) of the step, if it needed
    one; ``cancellation`` tells a long step that the client cancelled it.
    ``package_dir`` is where the VNF package's files are extracted (for
    drivers that deploy templates from it). A CHANGE_VNFPKG (SOL003
    v3.3.1 5.5.2.11a ChangeCurrentVnfPkgRequest) also has the package it
    moves to: ``target_flavour`` (the same flavour id in its VNFD) and
    ``target_package_dir``; ``flavour`` and ``package_dir`` stay those of
    the package the instance names until the operation completes, so a
    rollback finds there what to return to. A CHANGE_FLAVOUR (5.5.2.7
    ChangeVnfFlavourRequest) has its new flavour as ``target_flavour``
    (of the same package) likewise.
    """

    operation: str
    instance_id: str
    flavour: dict
    params: dict
    flavour_id: str | None = None
    vim_connection: dict = dataclasses.field(default_factory=dict)
    current: dict | None = None
    additional_params: dict | None = None
    grant: dict | None = None
    package_dir: str | None = None
    target_flavour: dict | None = None
    target_package_dir: str | None = None
    cancellation: Cancellation = dataclasses.field(
        default_factory=Cancellation)

    def __post_init__(self):
        if self.flavour_id is None:
            self.flavour_id = self.flavour.get('flavour_id')
        if self.additional_params is None:
            self.additional_params = self.params.get('additionalParams') or {}


@dataclasses.dataclass
class LcmResult:
    """What a step left behind, for the instance and its VnfLcmOpOcc.

    ``instantiated_vnf_info`` replaces the instance's instantiatedVnfInfo
    (SOL003 v2.6.1 5.5.2.2; None once terminated). The ``affected_*``
    lists are VnfLcmOpOcc.resourceChanges (5.5.2.13): AffectedVnfc
    (5.5.3.13), AffectedVirtualLink (5.5.3.14) and AffectedVirtualStorage
    (5.5.3.15). ``changed_ext_connectivity`` is
    VnfLcmOpOcc.changedExtConnectivity: the ExtVirtualLinkInfo (5.5.3.2)
    a CHANGE_EXT_CONN added or modified.
    """

    instantiated_vnf_info: dict | None
    affected_vnfcs: list = dataclasses.field(default_factory=list)
    affected_virtual_links: list = dataclasses.field(default_factory=list)
    affected_virtual_storages: list = dataclasses.field(
        default_factory=list)
    changed_ext_connectivity: list = dataclasses.field(default_factory=list)


class InfraDriver(abc.ABC):
    """Creates and removes a VNF's resources on one kind of VIM.

    Every step gets an ``LcmRequest`` and returns an ``LcmResult``; a
    failure raises a ``TackerException`` whose detail becomes the
    operation's error. Steps run in a conductor worker and may take long.
    """

    def __init__(self, conf):
        self.conf = conf

    def validate(self, request):
        """Refuse a request before any work is done: the conductor calls
        this before the grant. What needs no VIM and no driver code (the
        package's files, additionalParams types, sizing) belongs in
        ``tacker.common.infra_requirements`` and ``tacker.common.sizing``,
        which the API also checks before its 202; by default everything
        is accepted.

        :raises BadRequest: naming the field at fault.
        :raises PackageNotDeployable: the package lacks what the driver
            needs.
        """

    @abc.abstractmethod
    def instantiate(self, request):
        """Create the VNF at the requested instantiation level."""

    @abc.abstractmethod
    def terminate(self, request):
        """Remove every resource of the VNF."""

    @abc.abstractmethod
    def scale(self, request):
        """Add (SCALE_OUT) or remove (SCALE_IN) VNFCs of one aspect."""

    @abc.abstractmethod
    def heal(self, request):
        """Replace the compute resources of the named VNFCs (all when the
        request names none)."""

    @abc.abstractmethod
    def change_ext_conn(self, request):
        """Reconnect the VNF's external CPs to the requested external
        virtual links."""

    @abc.abstractmethod
    def change_vnfpkg(self, request):
        """Move the VNFCs to the images, flavours or manifests of
        ``request.target_package_dir``, one VNFC (or one VDU's rollout)
        at a time, running the package's coordination script after
        each (``coordination``)."""

    @abc.abstractmethod
    def change_flavour(self, request):
        """Redeploy the VNF in ``request.target_flavour`` at the
        requested instantiation level (its default one otherwise), its
        external connectivity kept unless the request names new one."""

    @abc.abstractmethod
    def rollback(self, request):
        """Undo a failed step: remove everything of a failed INSTANTIATE,
        return a failed SCALE_OUT to ``request.current``, the VNFCs of a
        failed CHANGE_VNFPKG to ``request.package_dir``, and a failed
        CHANGE_FLAVOUR to ``request.flavour``."""

    def reconcile(self, request):
        """The instantiatedVnfInfo of the VNF as the VIM has it now, or
        None when it is still ``request.current`` (a RECONCILE request:
        no operation runs on the VNF). For VIMs that change VNFs on their
        own, such as a Kubernetes cluster replacing a Pod; the conductor
        asks only drivers that implement it (``reconciles``)."""
        return None


def check_requirements(driver_name, request):
    """The checks of ``infra_requirements`` the API ran before its 202,
    for the driver ``driver_name``: a driver's ``validate`` runs them
    again, as the request may come from an API of another release."""
    if request.operation == CHANGE_VNFPKG:
        infra_requirements.check_package_change(
            driver_name, request.flavour_id, request.package_dir,
            request.target_package_dir, request.additional_params,
            request.target_flavour, request.current)
    elif request.operation == CHANGE_FLAVOUR:
        sizing.check_instantiate(request.target_flavour, request.params)
        infra_requirements.check_driver(
            driver_name, request.operation,
            request.target_flavour['flavour_id'], request.package_dir,
            request.additional_params, request.target_flavour)
    else:
        infra_requirements.check_driver(
            driver_name, request.operation, request.flavour_id,
            request.package_dir, request.additional_params, request.flavour)


def wait_graceful_termination(request):
    """Before a GRACEFUL TERMINATE removes anything, give the VNF its
    gracefulTerminationTimeout (SOL003 v2.6.1 5.5.2.8), at most
    MAX_GRACEFUL_WAIT_S, unless a FORCEFUL cancel comes first."""
    if request.params.get('terminationType') == 'GRACEFUL':
        request.cancellation.wait(min(
            request.params.get('gracefulTerminationTimeout') or 0,
            MAX_GRACEFUL_WAIT_S))


def reconciles(driver):
    """Whether ``driver`` implements ``InfraDriver.reconcile``."""
    return type(driver).reconcile is not InfraDriver.reconcile
