"""The alarms kept in line with the fault management alerts Alertmanager
holds (``[prometheus_plugin] alertmanager_url``).

A webhook can be lost: Alertmanager gives up on a post after a while, so
the resolution of an alert posted while Tacker was away leaves its alarm
raised for ever, and a firing alert posted then has none. Every
``alarm_resync_interval`` seconds each conductor reads Alertmanager's
alerts. It clears the alarms whose alert it has found missing for
``alarm_resync_grace`` seconds (a resolution's webhook comes sooner) and
raises an alarm for each alert firing that long without one; it tells
each change as the webhooks do, and the subscribers of each project
whose alarms changed so with an AlarmListRebuiltNotification (SOL003
v3.3.1 7.5.2.7). Changes are made by fingerprint, as the webhooks make
them, so two conductors, or a conductor and a late webhook, cannot make
one twice.
"""
import datetime
import json

from oslo_log import log as logging
from oslo_utils import timeutils

from tacker.common import alertmanager
from tacker.common import exceptions
from tacker.common import fm_alarms
from tacker.common import links
from tacker.common import outbound
from tacker.db import alarms as db_alarms
from tacker.db import api as db_api
from tacker.db import instances as db_instances
from tacker.db import outbox

LOG = logging.getLogger(__name__)
# What Alertmanager's list of fault management alerts may weigh.
_ANSWER_LIMIT = 16 * 1024 * 1024


class AlarmResync:

    def __init__(self, conf):
        self.conf = conf
        # (instance id, fingerprint) of uncleared alarms -> when their
        # alert was first found missing.
        self._missing_since = {}

    def _fetch(self, url):
        """The fault management alerts Alertmanager holds.

        :raises: OutboundError, InvalidAlert, ValueError (not JSON).
        """
        group = self.conf.prometheus_plugin
        uri = url.rstrip('/') + '/api/v2/alerts'
        client = outbound.Client(self.conf, group.request_timeout,
                                 policy=outbound.AddressPolicy.exactly([uri]))
        params = {'filter': ['receiver_type="%s"' % alertmanager.RECEIVER,
                             'function_type="%s"'
                             % fm_alarms.FAULT_MANAGEMENT]}
        with client.request('GET', uri, params=params,
                            headers={'Accept': 'application/json'}) as answer:
            if answer.status_code != 200:
                raise outbound.OutboundError(
                    'Alertmanager answered %d' % answer.status_code,
                    answer.describe())
            listed = json.loads(answer.read(_ANSWER_LIMIT))
        return [alert for alert in alertmanager.listed_alerts(listed)
                if alertmanager.is_ours(alert, fm_alarms.FAULT_MANAGEMENT)]

    def run(self, context):
        """One comparison; the projects whose alarms changed."""
        url = self.conf.prometheus_plugin.alertmanager_url
        if not url:
            return set()
        read_at = timeutils.utcnow()
        try:
            firing = {(alert.labels.get('vnf_instance_id'),
                       alert.fingerprint): alert
                      for alert in self._fetch(url)}
        except (outbound.OutboundError, exceptions.InvalidAlert,
                ValueError) as exc:
            LOG.warning('Alarms not compared with Alertmanager at %s: %s',
                        outbound.loggable(url), getattr(
                            exc, 'detail', None) or exc)
            return set()
        base = links.base_url()
        changed = set()
        instance = db_instances.finder(context)

        grace = datetime.timedelta(
            seconds=self.conf.prometheus_plugin.alarm_resync_grace)
        missing = db_alarms.uncleared(context, raised_before=read_at) - \
            set(firing)
        self._missing_since = {key: self._missing_since.get(key, read_at)
                               for key in missing}
        for instance_id, fingerprint in missing:
            if read_at - self._missing_since[(instance_id,
                                              fingerprint)] < grace:
                continue
            owner = instance(instance_id)
            if owner is not None and db_alarms.clear_alarm(
                    context, instance_id, fingerprint, read_at,
                    db_alarms.notifier(owner, base)):
                LOG.info('Alarm of alert %s of VNF instance %s cleared: '
                         'Alertmanager holds the alert no more',
                         fingerprint, instance_id)
                changed.add(owner['project_id'])
        raised = db_alarms.uncleared(context)
        for (instance_id, fingerprint), alert in firing.items():
            if (instance_id, fingerprint) in raised or \
                    read_at - alert.starts_at < grace:
                continue
            owner = instance(instance_id) if instance_id else None
            try:
                if owner is None:
                    raise alertmanager.refuse('VNF instance %s does not '
                                              'exist' % instance_id)
                values = fm_alarms.alarm_values(owner, alert)
            except exceptions.InvalidAlert as exc:
                LOG.info('Alert %s of Alertmanager raises no alarm: %s',
                         fingerprint, exc.detail)
                continue
            db_alarms.raise_alarm(context, owner, fingerprint, values,
                                  db_alarms.notifier(owner, base))
            LOG.info('Alarm of alert %s of VNF instance %s raised: its '
                     'webhook did not come', fingerprint, instance_id)
            changed.add(owner['project_id'])
        for project_id in sorted(changed):
            with db_api.writing(context) as session:
                outbox.add(session, fm_alarms.list_rebuilt(project_id, base))
        return changed
