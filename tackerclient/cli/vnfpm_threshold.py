"""``vnfpm threshold ...``: SOL003 v3.3.1 thresholds (clause 6.4.5-6.4.6)
on a performance metric, notified when crossed; API version 2 only, as in
python-tackerclient."""
from tackerclient.cli import vnfpm

KIND = vnfpm.Kind(
    client='pm_thresholds', name='VNF PM threshold',
    id_dest='vnf_pm_threshold_id',
    create_request='CreateThresholdRequest (objectType, objectInstanceId, '
                   'criteria, callbackUri, ...)',
    update_request='ThresholdModifications (callbackUri, authentication)',
    labels={
        'id': 'ID',
        'objectType': 'Object Type',
        'objectInstanceId': 'Object Instance Id',
        'subObjectInstanceIds': 'Sub Object Instance Ids',
        'criteria': 'Criteria',
        'callbackUri': 'Callback Uri',
        '_links': 'Links',
    })


class CreateVnfPmThreshold(vnfpm.CreatePm):
    """Create a VNF PM threshold (API version 2)."""

    kind = KIND


class ListVnfPmThreshold(vnfpm.ListPm):
    """List VNF PM thresholds (API version 2)."""

    kind = KIND
    # Thresholds take a filter only (SOL003 6.4.5.3.2).
    attribute_selectors = False


class ShowVnfPmThreshold(vnfpm.ShowPm):
    """Show a VNF PM threshold (API version 2)."""

    kind = KIND


class UpdateVnfPmThreshold(vnfpm.UpdatePm):
    """Change the callback URI or authentication of a VNF PM threshold
    (API version 2); shows the new Callback Uri."""

    kind = KIND


class DeleteVnfPmThreshold(vnfpm.DeletePm):
    """Delete VNF PM threshold(s) (API version 2)."""

    kind = KIND
