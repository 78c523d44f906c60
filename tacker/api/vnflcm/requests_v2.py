"""SOL003 v3.3.1 request bodies (``schemas_v2``) as the v2.6.1 ones the
conductor takes: one operation model for both APIs."""


def with_vim_list(body):
    """A request whose vimConnectionInfo map (keyed by id) becomes the
    v2.6.1 list of entries with their id."""
    if 'vimConnectionInfo' not in body:
        return body
    return dict(body, vimConnectionInfo=[
        dict(entry, id=vim_id)
        for vim_id, entry in body['vimConnectionInfo'].items()])


def modification(body):
    """A VnfInfoModificationRequest: the map's null entries become
    vimConnectionInfoDeleteIds (v2.6.1 5.5.2.12), the others its list."""
    if 'vimConnectionInfo' not in body:
        return body
    connections = body['vimConnectionInfo']
    deleted = [vim_id for vim_id, entry in connections.items()
               if entry is None]
    body = with_vim_list(dict(body, vimConnectionInfo={
        vim_id: entry for vim_id, entry in connections.items()
        if entry is not None}))
    if deleted:
        body['vimConnectionInfoDeleteIds'] = deleted
    if not body['vimConnectionInfo']:
        del body['vimConnectionInfo']
    return body
