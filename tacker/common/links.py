"""Absolute URLs for ``_links`` and Location headers."""
from tacker.conf import CONF


def base_url(req=None):
    """``[DEFAULT] public_endpoint``, else the URL the request came to,
    else this host's bind port (for notifications built by conductors)."""
    if CONF.public_endpoint:
        return CONF.public_endpoint.rstrip('/')
    if req is not None:
        return req.host_url
    return 'http://%s:%d' % (CONF.host, CONF.bind_port)
