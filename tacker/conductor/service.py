"""The conductor service: RPC server, liveness heartbeat, notification
delivery, the sweep that finishes work dead processes left behind, the
VIM monitor and the reconciliation of instances with their VIMs.

A conductor registers itself in the ``conductors`` table and refreshes
``heartbeat_at`` every ``report_interval`` seconds; the API (healthcheck)
and the sweep count it dead ``service_down_time`` seconds after its last
heartbeat.
"""
import threading
import time

from oslo_log import log as logging
import oslo_messaging as messaging

from tacker.common import context as tacker_context
from tacker.common import rpc
from tacker.conductor import alarm_resync
from tacker.conductor import automatic
from tacker.conductor import legacy_monitor
from tacker.conductor import manager
from tacker.conductor import notifications
from tacker.conductor import reconcile
from tacker.conductor import rpcapi
from tacker.conductor import rule_files
from tacker.db import api as db_api

LOG = logging.getLogger(__name__)


class ConductorService:

    def __init__(self, conf):
        self.conf = conf
        self.host = conf.host
        self.context = tacker_context.get_admin_context()
        self._stopping = threading.Event()
        self._threads = []
        # Whether the last heartbeat failed, and when one last succeeded
        # after a failure (see _may_judge_peers).
        self._database_lost = False
        self._database_back_at = float('-inf')
        self.rpc_server = None
        self.manager = manager.ConductorManager(conf, self.host)
        self.deliverer = notifications.NotificationDeliverer(conf,
                                                             self.host)
        self.reconciler = reconcile.Reconciler(conf, self.host,
                                               self.manager.lcm)
        self.automatic = automatic.AutomaticOperations(conf)
        self.rule_files = rule_files.RuleFiles(conf)
        self.alarm_resync = alarm_resync.AlarmResync(conf)
        self.legacy_monitor = legacy_monitor.LegacyMonitor(
            conf, self.host, self.manager.legacy)

    def start(self):
        db_api.register_conductor(self.context, self.host)
        # Before taking messages: what this host ran before a restart is
        # not running any more, and must not be confused with new work.
        self.manager.lcm.recover(self.context)
        self.manager.legacy.release(self.context)
        self.manager.legacy_ns.release(self.context)
        target = messaging.Target(topic=rpcapi.TOPIC, server=self.host)
        self.rpc_server = rpc.get_server(target, [self.manager])
        self.rpc_server.start()
        loops = [('heartbeat', self._heartbeat_loop),
                 ('sweep', self._sweep_loop),
                 ('automatic', self._automatic_loop),
                 ('legacy-monitor', self._legacy_monitor_loop)]
        monitoring = self.conf.prometheus_plugin
        if monitoring.rules_dir:
            loops.append(('pm-rules', self._rule_files_loop))
        if monitoring.alertmanager_url and monitoring.alarm_resync_interval:
            loops.append(('alarm-resync', self._alarm_resync_loop))
        if self.conf.vim_monitor.interval:
            loops.append(('vim-monitor', self._vim_monitor_loop))
        if self.conf.kubernetes_vim.sync_interval:
            loops.append(('reconcile', self._reconcile_loop))
        for name, loop in loops:
            thread = threading.Thread(target=loop, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        self.deliverer.start()
        LOG.info('Conductor %s listening on topic %s', self.host,
                 rpcapi.TOPIC)

    def _heartbeat_loop(self):
        while not self._stopping.wait(self.conf.report_interval):
            self._heartbeat()

    def _heartbeat(self):
        try:
            db_api.heartbeat_conductor(self.context, self.host)
        except Exception:
            # A database outage must not kill the conductor; it keeps
            # trying and is seen as dead meanwhile, which is the truth.
            LOG.exception('Heartbeat of conductor %s failed', self.host)
            self._database_lost = True
            return
        if self._database_lost:
            self._database_lost = False
            self._database_back_at = time.monotonic()

    def _may_judge_peers(self):
        """Whether stale heartbeats mean dead processes. While the
        database is away every conductor's heartbeat goes stale, live
        ones too; they are judged only once each has had
        ``service_down_time`` to heartbeat again, or their running
        operations would be failed under them."""
        return not self._database_lost and (
            time.monotonic() - self._database_back_at
            >= self.conf.service_down_time)

    def _sweep_loop(self):
        """Settle work dead processes left: LCM operations and legacy VNF
        tasks every
        report_interval, packages every quarter of stale_task_timeout
        (and once at start, which also finishes this host's own)."""
        package_every = max(5, self.conf.vnf_package.stale_task_timeout / 4)
        packages_swept = None
        while True:
            sweeps = []
            if self._may_judge_peers():
                sweeps += [self.manager.lcm.recover,
                           self.manager.legacy.sweep,
                           self.manager.legacy_ns.sweep]
                if packages_swept is None or \
                        time.monotonic() - packages_swept >= package_every:
                    packages_swept = time.monotonic()
                    sweeps.append(self.manager.packages.sweep)
            for sweep in sweeps:
                try:
                    sweep(self.context)
                except Exception:
                    LOG.exception('Sweep of abandoned work failed')
            if self._stopping.wait(self.conf.report_interval):
                return

    def _vim_monitor_loop(self):
        """Keep the status of registered VIMs current; in a thread of
        its own, as an unreachable VIM takes a timeout to tell."""
        while not self._stopping.wait(self.conf.vim_monitor.interval):
            try:
                self.manager.vims.check_reachability(self.context)
            except Exception:
                LOG.exception('Checking the VIMs failed')

    def _reconcile_loop(self):
        """Record what VIMs changed on their own (``reconcile``); only
        Kubernetes VIMs do, hence the option's group."""
        while not self._stopping.wait(self.conf.kubernetes_vim.sync_interval):
            try:
                self.reconciler.run(self.context)
            except Exception:
                LOG.exception('Reconciling VNF instances failed')

    def _automatic_loop(self):
        """Start the automatic operations alerts asked for, once due."""
        while not self._stopping.wait(
                self.conf.prometheus_plugin.automatic_interval):
            try:
                self.automatic.run(self.context)
            except Exception:
                LOG.exception('Starting automatic operations failed')

    def _rule_files_loop(self):
        """Keep Prometheus's rules of PM jobs and thresholds in line."""
        while not self._stopping.wait(
                self.conf.prometheus_plugin.rules_sync_interval):
            try:
                self.rule_files.sync(self.context)
            except Exception:
                LOG.exception('Writing the Prometheus rules failed')

    def _legacy_monitor_loop(self):
        """Watch the legacy VNFs' monitoring policies."""
        while not self._stopping.wait(
                self.conf.legacy_vnfm.monitor_interval):
            try:
                self.legacy_monitor.run(self.context)
            except Exception:
                LOG.exception('Monitoring legacy VNFs failed')

    def _alarm_resync_loop(self):
        """Keep the alarms in line with Alertmanager's alerts."""
        while not self._stopping.wait(
                self.conf.prometheus_plugin.alarm_resync_interval):
            try:
                self.alarm_resync.run(self.context)
            except Exception:
                LOG.exception('Comparing the alarms with Alertmanager '
                              'failed')

    def stop(self):
        """Stop taking messages, let running calls finish within
        ``graceful_shutdown_timeout``, then mark this conductor offline."""
        self._stopping.set()
        self.deliverer.stop(self.conf.graceful_shutdown_timeout)
        if self.rpc_server is not None:
            self.rpc_server.stop()
            waiter = threading.Thread(target=self.rpc_server.wait,
                                      daemon=True)
            waiter.start()
            waiter.join(self.conf.graceful_shutdown_timeout)
            if waiter.is_alive():
                LOG.warning('RPC calls still running after %s s; exiting '
                            'anyway', self.conf.graceful_shutdown_timeout)
        try:
            db_api.unregister_conductor(self.context, self.host)
        except Exception:
            LOG.exception('Could not mark conductor %s offline', self.host)
        LOG.info('Conductor %s stopped', self.host)
