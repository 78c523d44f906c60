"""RFC 7396 JSON merge patch, as SOL013 PATCH requests use it."""


def apply(target, patch):
    """``target`` changed by ``patch``: objects merge, null removes a
    key, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = apply(merged.get(key), value)
    return merged
