"""Tacker: an NFV orchestrator (VNF manager and a small NFVO)."""
