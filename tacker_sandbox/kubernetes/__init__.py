"""The sandbox Kubernetes: a simulated API server beside the sandbox
Keystone and Heat, enough for the official ``kubernetes`` Python client
(its typed APIs and ``DynamicClient``) and kubectl to work unchanged.

Objects live in the sandbox's store; controllers (a green thread) turn
Deployments, ReplicaSets, StatefulSets, DaemonSets and Jobs into Pods
that start after ``--delay``; nothing is ever run.

Modules: ``kinds`` (resource types and discovery), ``objects`` (object
rules: names, metadata, patches), ``selectors`` (label and field
selectors), ``status`` (errors as ``Status`` bodies), ``cluster``
(writes and deletion), ``api`` (the REST verbs), ``watch`` (watch
streams), ``tables`` (Table output, as kubectl get asks for it),
``workloads`` (per-type defaults and checks), ``controllers`` and
``pods`` (the reconcile loop and the simulated kubelet), ``admin``
(fault knobs), ``app`` (WSGI dispatch and auth), ``tls`` (the
self-signed certificate).
"""

# The bearer token when --kubernetes-token is not given (documented).
DEFAULT_TOKEN = 'sandbox-kubernetes-token'
