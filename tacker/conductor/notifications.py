"""The conductor's notification delivery loop (ARCHITECTURE "Durability
rules" 4): POST what the outbox holds to subscribers, at least once.

Every conductor runs one loop; rows are claimed with a lease, so several
conductors share the work and the rows of one that died are delivered by
another. A failed POST is retried with exponential backoff until
``[notification] max_attempts``, then the row is marked FAILED.
"""
import datetime
import random
import threading
import time

from oslo_log import log as logging
from oslo_utils import timeutils

from tacker.common import callbacks
from tacker.common import context as tacker_context
from tacker.common import exceptions
from tacker.common import vim_secrets
from tacker.db import outbox

LOG = logging.getLogger(__name__)

# Up to this fraction is added to each backoff, so that the notifications
# of a subscriber that comes back are not all retried at the same instant.
JITTER = 0.1
# 2**40 times any sensible base is beyond any sensible retry_backoff_max;
# capping the exponent keeps the float arithmetic finite.
MAX_EXPONENT = 40


class NotificationDeliverer:
    """Claims due notifications as ``host`` and delivers them in a daemon
    thread, or one pass at a time through ``deliver_due``."""

    def __init__(self, conf, host):
        self.conf = conf
        self.host = host
        self.context = tacker_context.get_admin_context()
        self._stopping = threading.Event()
        self._thread = None

    def start(self):
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._loop, name='notification-delivery', daemon=True)
        self._thread.start()

    def stop(self, timeout=None):
        """End the loop once the POST in progress, if any, is done; its
        other claimed rows are handed back at once for others to take.

        :param timeout: seconds to wait for the loop; None waits until
            it ends.
        """
        self._stopping.set()
        if self._thread is None:
            return
        self._thread.join(timeout)
        if self._thread.is_alive():
            LOG.warning('Notification delivery of %s still busy after '
                        '%s s; not waiting for it', self.host, timeout)
        self._thread = None

    def _loop(self):
        group = self.conf.notification
        while not self._stopping.is_set():
            try:
                backlog = self.deliver_due() == group.batch_size
            except Exception:
                # The database may be away for a while; the rows stay in
                # the outbox and the next pass tries again.
                LOG.exception('Notification delivery pass of %s failed',
                              self.host)
                backlog = False
            if not backlog:
                self._stopping.wait(group.delivery_interval)

    def deliver_due(self):
        """One pass: claim a batch of due notifications and POST them in
        the order they were written.

        After a failure, the subscriber's further notifications of the
        batch wait for that one's retry: this keeps their order, and a
        subscriber that is down costs one timeout per pass, not one per
        notification.

        :returns: the number of notifications claimed; a full batch means
            more may be due.
        """
        group = self.conf.notification
        lease_end = time.monotonic() + group.claim_lease
        rows = outbox.claim_due(self.context, self.host, group.batch_size,
                                group.claim_lease)
        retry_times = {}
        for index, row in enumerate(rows):
            if self._must_hand_back(index, lease_end):
                outbox.release(self.context,
                               [other['id'] for other in rows[index:]])
                break
            subscription_id = row['subscription_id']
            if subscription_id in retry_times:
                outbox.release(self.context, [row['id']],
                               retry_times[subscription_id])
                continue
            retry_at = self._deliver(row)
            if retry_at is not None:
                retry_times[subscription_id] = retry_at
        return len(rows)

    def _must_hand_back(self, index, lease_end):
        """Whether to stop before the ``index``-th row: when stopping, or
        when the lease could end during the POST (a token request and the
        POST, each within timeout), letting another conductor send the
        row too. The first row of a fresh claim always goes."""
        if self._stopping.is_set():
            return True
        worst_case = 2 * self.conf.notification.timeout
        return index > 0 and time.monotonic() + worst_case > lease_end

    def _deliver(self, row):
        """POST one notification and record the outcome.

        :returns: None when delivered, else when the subscriber is tried
            again.
        """
        try:
            callbacks.post_notification(
                row['callback_uri'], row['payload'],
                vim_secrets.unseal_authentication(
                    self.conf, row['subscription_id'],
                    row['authentication']), self.conf)
        except callbacks.DeliveryFailed as exc:
            return self._record_failure(row, exc.reason, exc.detail)
        except exceptions.SubscriptionSecretUnreadable as exc:
            # The key may come back (restored by the operator): retried.
            return self._record_failure(row, exc.detail)
        except Exception as exc:
            # A malformed authentication or a bug must not leave the row
            # claimed and retried forever, uncounted.
            LOG.exception('Unexpected error delivering notification %s',
                          row['id'])
            return self._record_failure(
                row, 'unexpected error (%s), see the conductor log' %
                type(exc).__name__)
        outbox.mark_delivered(self.context, row['id'])
        return None

    def _record_failure(self, row, reason, detail=None):
        """Schedule a retry, or give up; the row keeps ``reason``, the
        log says ``detail`` (what the subscriber answered)."""
        group = self.conf.notification
        attempts = row['attempts'] + 1
        delay = self._backoff(row['attempts'])
        retry_at = timeutils.utcnow() + datetime.timedelta(seconds=delay)
        if attempts >= group.max_attempts:
            LOG.warning('Giving up notification %(id)s to subscription '
                        '%(sub)s after %(n)d attempts: %(reason)s',
                        {'id': row['id'], 'sub': row['subscription_id'],
                         'n': attempts, 'reason': detail or reason})
            outbox.mark_failed(self.context, row['id'], reason)
        else:
            LOG.warning('Notification %(id)s to subscription %(sub)s '
                        'failed (attempt %(n)d of %(max)d, next in '
                        '%(delay).1f s): %(reason)s',
                        {'id': row['id'], 'sub': row['subscription_id'],
                         'n': attempts, 'max': group.max_attempts,
                         'delay': delay, 'reason': detail or reason})
            outbox.schedule_retry(self.context, row['id'], reason, retry_at)
        return retry_at

    def _backoff(self, failed_attempts):
        """Seconds before the next attempt: base * 2**failed_attempts, at
        most retry_backoff_max, plus a little jitter."""
        group = self.conf.notification
        delay = min(group.retry_backoff_base *
                    2 ** min(failed_attempts, MAX_EXPONENT),
                    group.retry_backoff_max)
        return delay * (1 + JITTER * random.random())
