"""Calls from the API to a conductor that the client waits for (a VIM
checked, a legacy VNFD checked with its drivers, a VNF's resources
read), and casts of legacy tasks."""
import oslo_messaging as messaging

from tacker.common import exceptions
from tacker.conductor import rpcapi
from tacker.conf import CONF
from tacker.db import api as db_api


def call(context, action, method, **kwargs):
    """Wait for a conductor's answer to ``method``; ``action`` says what
    it does, for the 503.

    :raises ConductorUnavailable: no conductor is alive, or none answered
        in time.
    """
    if not db_api.list_live_conductors(context, CONF.service_down_time):
        raise exceptions.ConductorUnavailable(
            action=action, reason='no conductor is running')
    timeout = rpcapi.vim_call_timeout()
    try:
        return getattr(rpcapi.conductor_api(), method)(
            context, timeout=timeout, **kwargs)
    except messaging.MessagingTimeout:
        raise exceptions.ConductorUnavailable(
            action=action,
            reason='no conductor answered within %s seconds' % timeout)


def cast_task(context, method, **kwargs):
    """Cast ``method`` (a legacy VNF's or NS's task, already written);
    should the broker not take it, a conductor's sweep finds the task."""
    try:
        getattr(rpcapi.conductor_api(), method)(context, **kwargs)
    except messaging.MessagingException:
        pass
