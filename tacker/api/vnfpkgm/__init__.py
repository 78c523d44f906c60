"""VNF package management, SOL005 v2.6.1 (``/vnfpkgm/v1``)."""
