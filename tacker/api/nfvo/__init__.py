"""The legacy Tacker NFVO API (``/v1.0``): VIMs."""
