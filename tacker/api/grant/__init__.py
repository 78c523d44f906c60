"""``/grant/v1``: the grants of LCM operations (SOL003 v2.6.1 clause 9)."""
