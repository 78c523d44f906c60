"""The sandbox VIM: a stand-in OpenStack for dry runs and tests.

``tacker-sandbox-vim`` serves, from one process, enough of Keystone v3
(``/identity``) and Heat v1 (``/heat-api``) for the unmodified
keystoneauth1 and python-heatclient libraries to work against it. Stacks
are simulated from their HOT templates (nested templates and
autoscaling groups included); nothing is ever booted. A small admin API
under ``/sandbox`` lets tests inject faults and inspect every stack;
``/metrics`` gives Prometheus gauges of every server (and Pod), whose
values the admin API sets.

Modules: ``app`` (route table and dispatch), ``wsgi`` (bodies, replies,
error shapes), ``keystone`` (user, project, tokens, catalog), ``heat``
(the stack API's requests and views), ``engine`` (stack lifecycle),
``hot`` (templates and intrinsic functions), ``parameters`` (parameter
types), ``environment`` (environments and files), ``resources``
(simulated resource types), ``metrics`` (the Prometheus endpoint and its
knob), ``store`` (state), ``errors``.
"""
