"""The ``[prometheus_plugin]`` group: what Tacker does with the alerts
Prometheus raises through Alertmanager (fault management, performance
management, auto-heal, auto-scale), as Tacker's Prometheus plugin names
it, and where it writes the alerting rules of PM jobs and thresholds."""
from oslo_config import cfg

GROUP = 'prometheus_plugin'

opts = [
    cfg.FloatOpt('auto_heal_window', default=15.0, min=0,
                 help='Seconds the auto-heal alerts of one VNF instance '
                      'are gathered, from the first, before one HEAL of '
                      'every VNFC they name starts.'),
    cfg.FloatOpt('automatic_interval', default=2.0, min=0.1,
                 help='Seconds between two passes of each conductor over '
                      'the automatic operations (auto-heal, auto-scale) '
                      'that are due; one whose instance an operation '
                      'holds waits for the next pass.'),
    cfg.StrOpt('rules_dir',
               help='Directory where the conductors write the alerting '
                    'rules of PM jobs and thresholds (one file each, '
                    'tacker-*.yaml), which Prometheus loads (its '
                    'rule_files naming <rules_dir>/tacker-*.yaml). Unset: '
                    'no rules are written, and the operator feeds '
                    '/pm_event and /pm_threshold otherwise.'),
    cfg.ListOpt('reload_urls', default=[],
                help='URLs the conductors POST to after changing the '
                     'rules, so Prometheus reads them again: '
                     'http://<prometheus>:9090/-/reload of each Prometheus '
                     'that loads rules_dir (started with '
                     '--web.enable-lifecycle).'),
    cfg.FloatOpt('request_timeout', default=10.0, min=0.1,
                 help='Seconds a request to Prometheus (a reload) or to '
                      'Alertmanager (its alerts) may take in all.'),
    cfg.StrOpt('alertmanager_url',
               help='Base URL of the Alertmanager that posts to the '
                    'webhooks (http://<alertmanager>:9093). When set, '
                    'each conductor compares the alarms with the fault '
                    'management alerts it holds every '
                    'alarm_resync_interval seconds: an alarm whose alert '
                    'is gone (its resolution was lost) is cleared, a '
                    'firing alert without an alarm raises one, and the '
                    'subscribers of the projects concerned are sent an '
                    'AlarmListRebuiltNotification.'),
    cfg.FloatOpt('alarm_resync_interval', default=60.0, min=0,
                 help='Seconds between two comparisons of the alarms '
                      'with Alertmanager\'s alerts; 0: none.'),
    cfg.FloatOpt('alarm_resync_grace', default=600.0, min=0,
                 help='Seconds a comparison leaves a change to the '
                      'webhooks: an alarm is cleared once its alert has '
                      'been missing from Alertmanager this long, one is '
                      'raised for an alert firing this long. More than '
                      'the group_wait and group_interval of Alertmanager\'s '
                      'route, so that only what a lost post left behind '
                      'is changed.'),
    cfg.FloatOpt('rules_sync_interval', default=5.0, min=0.1,
                 help='Seconds between two passes of each conductor that '
                      'bring rules_dir in line with the PM jobs and '
                      'thresholds and the VNFCs they measure (a scale or '
                      'heal changes which servers or Pods those are).'),
    cfg.StrOpt('pm_templates',
               help='YAML file of the PromQL templates of each '
                    'performanceMetric (the format of Tacker\'s '
                    'prometheus-plugin.yaml, see doc/source/monitoring.rst); '
                    'unset: the templates shipped in tacker/data.'),
    cfg.IntOpt('reporting_period_margin', default=1, min=0,
               help='Seconds: measurements of a PM job that arrive sooner '
                    'than its reportingPeriod less this margin after its '
                    'last report are ignored.'),
    cfg.IntOpt('collection_period_threshold', default=30, min=1,
               help='Seconds: the collection period of the rules of '
                    'thresholds, which have none of their own.'),
    cfg.IntOpt('reporting_period_threshold', default=90, min=1,
               help='Seconds: the reporting period (the window of rates '
                    'and means) of the rules of thresholds.'),
    cfg.IntOpt('report_retention', default=86400, min=60,
               help='Seconds a performance report is kept (its '
                    'expiryTime).'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
