"""``vnfpm job ...``: SOL003 v3.3.1 PM jobs (clause 6.4.2-6.4.3), which
collect performance metrics of VNF instances and report them; API version
2 only, as in python-tackerclient."""
from tackerclient.cli import vnfpm

KIND = vnfpm.Kind(
    client='pm_jobs', name='VNF PM job', id_dest='vnf_pm_job_id',
    create_request='CreatePmJobRequest (objectType, objectInstanceIds, '
                   'criteria, callbackUri, ...)',
    update_request='PmJobModifications (callbackUri, authentication)',
    labels={
        'id': 'ID',
        'objectType': 'Object Type',
        'objectInstanceIds': 'Object Instance Ids',
        'subObjectInstanceIds': 'Sub Object Instance Ids',
        'criteria': 'Criteria',
        'callbackUri': 'Callback Uri',
        'reports': 'Reports',
        '_links': 'Links',
    },
    list_id_label='Id')


class CreateVnfPmJob(vnfpm.CreatePm):
    """Create a VNF PM job (API version 2)."""

    kind = KIND


class ListVnfPmJob(vnfpm.ListPm):
    """List VNF PM jobs (API version 2).

    Shows Id, Object Type and Links; attribute selectors add the other
    attributes (--all_fields: the reports too).
    """

    kind = KIND
    resource = 'the PM job list'


class ShowVnfPmJob(vnfpm.ShowPm):
    """Show a VNF PM job, with its reports (API version 2)."""

    kind = KIND


class UpdateVnfPmJob(vnfpm.UpdatePm):
    """Change the callback URI or authentication of a VNF PM job (API
    version 2); shows the new Callback Uri."""

    kind = KIND


class DeleteVnfPmJob(vnfpm.DeletePm):
    """Delete VNF PM job(s) (API version 2)."""

    kind = KIND
