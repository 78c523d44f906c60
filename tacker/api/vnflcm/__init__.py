"""VNF lifecycle management v1, SOL003/SOL002 v2.6.1 (``/vnflcm/v1``)."""
