"""``vnfpm report show``: a performance report of a PM job (SOL003 v3.3.1
clause 6.4.4); API version 2 only, as in python-tackerclient."""
from tackerclient.cli import common


class ShowVnfPmReport(common.ShowCommand):
    """Show a VNF PM report: its entries, each the values of one metric
    of one object (API version 2)."""

    labels = {'entries': 'Entries'}

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('vnf_pm_job_id', metavar='<vnf-pm-job-id>',
                            help='VNF PM job ID the report belongs to')
        parser.add_argument('vnf_pm_report_id',
                            metavar='<vnf-pm-report-id>',
                            help='VNF PM report ID to display')
        return parser

    def take_action(self, parsed_args):
        return self.show(common.client(self).pm_jobs.report(
            parsed_args.vnf_pm_job_id, parsed_args.vnf_pm_report_id))
