"""The Kubernetes infra driver (``driver``): CNFs from the manifests of
their packages, with the official kubernetes client."""
