"""The Prometheus rules files of PM jobs and thresholds, kept in line
with the database by every conductor.

Each pass renders the rules of every job and threshold over the VNFCs
their instances have now (a scale or heal changes them), writes the
files of ``[prometheus_plugin] rules_dir`` that differ (atomically: a
temporary file renamed), removes those of jobs and thresholds that are
gone, and, when anything changed, POSTs to each ``reload_urls`` so
Prometheus reads them. A reload that failed is tried again on the next
pass. Passes are idempotent, so several conductors may run them.
"""
import os
import tempfile

from oslo_log import log as logging

from tacker.common import outbound
from tacker.common import pm_rules
from tacker.db import instances as db_instances
from tacker.db import pm as db_pm

LOG = logging.getLogger(__name__)
PREFIX = 'tacker-'
SUFFIX = '.yaml'
# What a reload answer may hold (Prometheus answers an empty body).
_ANSWER_LIMIT = 64 * 1024


class RuleFiles:

    def __init__(self, conf):
        self.conf = conf
        self._reload_due = False

    def _wanted(self, context):
        """{file name: text} of every job and threshold that measures
        something now."""
        group = self.conf.prometheus_plugin
        templates = pm_rules.templates(group.pm_templates)
        instance = db_instances.finder(context)

        rendered = []
        for job in db_pm.all_jobs(context):
            rendered.append((job['id'], lambda job=job: pm_rules.job_rules(
                job, {each: instance(each)
                      for each in job['object_instance_ids']
                      if instance(each) is not None}, templates)))
        for threshold in db_pm.all_thresholds(context):
            rendered.append((threshold['id'], lambda threshold=threshold:
                             pm_rules.threshold_rules(
                                 threshold,
                                 instance(threshold['object_instance_id']),
                                 templates,
                                 group.collection_period_threshold,
                                 group.reporting_period_threshold)))
        wanted = {}
        for owner, render in rendered:
            try:
                rules = render()
            except ValueError as exc:
                # The templates changed under it, or a VNFC it names is
                # gone: its rules go until it is measurable again.
                LOG.warning('No rules for %s: %s', owner, exc)
                continue
            if rules is not None:
                wanted[rules['groups'][0]['name'] + SUFFIX] = \
                    pm_rules.render(rules)
        return wanted

    def sync(self, context):
        """One pass; whether the files changed."""
        directory = self.conf.prometheus_plugin.rules_dir
        if not directory:
            return False
        wanted = self._wanted(context)
        present = {name for name in os.listdir(directory)
                   if name.startswith(PREFIX) and name.endswith(SUFFIX)}
        changed = False
        for name, text in wanted.items():
            path = os.path.join(directory, name)
            if name in present and _read(path) == text:
                continue
            _write(directory, path, text)
            changed = True
        for name in present - set(wanted):
            os.unlink(os.path.join(directory, name))
            changed = True
        if changed:
            LOG.info('Prometheus rules in %s changed: %d files', directory,
                     len(wanted))
        self._reload_due = self._reload_due or changed
        if self._reload_due:
            self._reload_due = not self._reload()
        return changed

    def _reload(self):
        """POST each reload URL (an address the operator named: called
        under a policy that permits that address alone); whether all
        answered 200."""
        group = self.conf.prometheus_plugin
        reloaded = True
        for url in group.reload_urls:
            try:
                client = outbound.Client(
                    self.conf, group.request_timeout,
                    policy=outbound.AddressPolicy.exactly([url]))
                with client.request('POST', url) as answer:
                    if answer.status_code != 200:
                        LOG.warning('Reloading Prometheus at %s failed: %s',
                                    outbound.loggable(url),
                                    answer.describe())
                        reloaded = False
                        continue
                    answer.read(_ANSWER_LIMIT)
            except outbound.OutboundError as exc:
                LOG.warning('Reloading Prometheus at %s failed: %s',
                            outbound.loggable(url), exc.detail or exc.reason)
                reloaded = False
        return reloaded


def _read(path):
    try:
        with open(path, encoding='utf-8') as stream:
            return stream.read()
    except OSError:
        return None


def _write(directory, path, text):
    handle, temporary = tempfile.mkstemp(dir=directory, prefix='.tacker-')
    try:
        with os.fdopen(handle, 'w', encoding='utf-8') as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
