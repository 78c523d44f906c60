"""The commands of the ``tacker`` shell and of the OpenStackClient plugin,
one module per command group."""
from tackerclient.cli import legacy_event
from tackerclient.cli import legacy_ns
from tackerclient.cli import legacy_nsd
from tackerclient.cli import legacy_vnf
from tackerclient.cli import legacy_vnfd
from tackerclient.cli import vim
from tackerclient.cli import vnf_package
from tackerclient.cli import vnffm_alarm
from tackerclient.cli import vnffm_sub
from tackerclient.cli import vnflcm
from tackerclient.cli import vnflcm_op
from tackerclient.cli import vnflcm_subsc
from tackerclient.cli import vnfpm_job
from tackerclient.cli import vnfpm_report
from tackerclient.cli import vnfpm_threshold

COMMANDS = {
    'vnf package create': vnf_package.CreateVnfPackage,
    'vnf package list': vnf_package.ListVnfPackage,
    'vnf package show': vnf_package.ShowVnfPackage,
    'vnf package upload': vnf_package.UploadVnfPackage,
    'vnf package update': vnf_package.UpdateVnfPackage,
    'vnf package download': vnf_package.DownloadVnfPackage,
    'vnf package artifact download': vnf_package.DownloadVnfPackageArtifact,
    'vnf package delete': vnf_package.DeleteVnfPackage,
    'vnf package validate': vnf_package.ValidateVnfPackage,
    'vnflcm create': vnflcm.CreateVnfLcm,
    'vnflcm list': vnflcm.ListVnfLcm,
    'vnflcm show': vnflcm.ShowVnfLcm,
    'vnflcm instantiate': vnflcm.InstantiateVnfLcm,
    'vnflcm terminate': vnflcm.TerminateVnfLcm,
    'vnflcm delete': vnflcm.DeleteVnfLcm,
    'vnflcm heal': vnflcm.HealVnfLcm,
    'vnflcm update': vnflcm.UpdateVnfLcm,
    'vnflcm scale': vnflcm.ScaleVnfLcm,
    'vnflcm change-ext-conn': vnflcm.ChangeExtConnVnfLcm,
    'vnflcm change-vnfpkg': vnflcm.ChangeVnfPkgVnfLcm,
    'vnflcm scale-to-level': vnflcm.ScaleToLevelVnfLcm,
    'vnflcm change-flavour': vnflcm.ChangeFlavourVnfLcm,
    'vnflcm versions': vnflcm.VnfLcmVersions,
    'vnflcm op list': vnflcm_op.ListVnfLcmOp,
    'vnflcm op show': vnflcm_op.ShowVnfLcmOp,
    'vnflcm op retry': vnflcm_op.RetryVnfLcmOp,
    'vnflcm op rollback': vnflcm_op.RollbackVnfLcmOp,
    'vnflcm op fail': vnflcm_op.FailVnfLcmOp,
    'vnflcm op cancel': vnflcm_op.CancelVnfLcmOp,
    'vnflcm subsc create': vnflcm_subsc.CreateLccnSubscription,
    'vnflcm subsc list': vnflcm_subsc.ListLccnSubscription,
    'vnflcm subsc show': vnflcm_subsc.ShowLccnSubscription,
    'vnflcm subsc delete': vnflcm_subsc.DeleteLccnSubscription,
    'vnffm alarm list': vnffm_alarm.ListVnfFmAlarm,
    'vnffm alarm show': vnffm_alarm.ShowVnfFmAlarm,
    'vnffm alarm update': vnffm_alarm.UpdateVnfFmAlarm,
    'vnffm sub create': vnffm_sub.CreateVnfFmSub,
    'vnffm sub list': vnffm_sub.ListVnfFmSub,
    'vnffm sub show': vnffm_sub.ShowVnfFmSub,
    'vnffm sub delete': vnffm_sub.DeleteVnfFmSub,
    'vnfpm job create': vnfpm_job.CreateVnfPmJob,
    'vnfpm job list': vnfpm_job.ListVnfPmJob,
    'vnfpm job show': vnfpm_job.ShowVnfPmJob,
    'vnfpm job update': vnfpm_job.UpdateVnfPmJob,
    'vnfpm job delete': vnfpm_job.DeleteVnfPmJob,
    'vnfpm report show': vnfpm_report.ShowVnfPmReport,
    'vnfpm threshold create': vnfpm_threshold.CreateVnfPmThreshold,
    'vnfpm threshold list': vnfpm_threshold.ListVnfPmThreshold,
    'vnfpm threshold show': vnfpm_threshold.ShowVnfPmThreshold,
    'vnfpm threshold update': vnfpm_threshold.UpdateVnfPmThreshold,
    'vnfpm threshold delete': vnfpm_threshold.DeleteVnfPmThreshold,
    'vim register': vim.RegisterVim,
    'vim list': vim.ListVim,
    'vim show': vim.ShowVim,
    'vim set': vim.SetVim,
    'vim delete': vim.DeleteVim,
    'vnf descriptor create': legacy_vnfd.CreateVnfd,
    'vnf descriptor list': legacy_vnfd.ListVnfd,
    'vnf descriptor show': legacy_vnfd.ShowVnfd,
    'vnf descriptor template show': legacy_vnfd.ShowVnfdTemplate,
    'vnf descriptor delete': legacy_vnfd.DeleteVnfd,
    'vnf create': legacy_vnf.CreateVnf,
    'vnf list': legacy_vnf.ListVnf,
    'vnf show': legacy_vnf.ShowVnf,
    'vnf set': legacy_vnf.SetVnf,
    'vnf scale': legacy_vnf.ScaleVnf,
    'vnf resource list': legacy_vnf.ListVnfResources,
    'vnf delete': legacy_vnf.DeleteVnf,
    'ns descriptor create': legacy_nsd.CreateNsd,
    'ns descriptor list': legacy_nsd.ListNsd,
    'ns descriptor show': legacy_nsd.ShowNsd,
    'ns descriptor template show': legacy_nsd.ShowNsdTemplate,
    'ns descriptor delete': legacy_nsd.DeleteNsd,
    'ns create': legacy_ns.CreateNs,
    'ns list': legacy_ns.ListNs,
    'ns show': legacy_ns.ShowNs,
    'ns delete': legacy_ns.DeleteNs,
    'nfv event list': legacy_event.ListEvent,
    'nfv event show': legacy_event.ShowEvent,
}


def entry_points(namespace):
    """setup.cfg lines registering the commands under ``namespace``
    (e.g. ``openstack.tackerclient.v1``), spaces becoming underscores as
    OpenStackClient expects."""
    lines = ['%s =' % namespace]
    for name, cls in COMMANDS.items():
        lines.append('    %s = %s:%s' % (name.replace(' ', '_'),
                                         cls.__module__, cls.__name__))
    return '\n'.join(lines)
