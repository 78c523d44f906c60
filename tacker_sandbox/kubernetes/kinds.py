"""Resource types the sandbox Kubernetes serves, built in or defined by
CustomResourceDefinitions, and the discovery documents that describe
them (``/api``, ``/apis``, ``APIResourceList``), which the client's
``DynamicClient`` reads before any request."""
import collections

VERSION_INFO = {
    'major': '1', 'minor': '30', 'gitVersion': 'v1.30.0-sandbox',
    'gitCommit': '0000000000000000000000000000000000000000',
    'gitTreeState': 'clean', 'buildDate': '2026-01-01T00:00:00Z',
    'goVersion': 'go1.22.0', 'compiler': 'gc', 'platform': 'linux/amd64'}
ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch',
             'update', 'watch']
SUB_VERBS = ['get', 'patch', 'update']
CRD_RESOURCE = 'customresourcedefinitions.apiextensions.k8s.io'


class ResourceType(collections.namedtuple(
        'ResourceType', 'group version plural singular kind namespaced '
                        'short_names subresources')):
    """One served ``<group>/<version>/<plural>``."""

    @property
    def api_version(self):
        return '%s/%s' % (self.group, self.version) if self.group \
            else self.version

    @property
    def resource(self):
        """The storage key, and the name in messages ("deployments.apps")."""
        return '%s.%s' % (self.plural, self.group) if self.group \
            else self.plural

    @property
    def group_kind(self):
        return '%s.%s' % (self.kind, self.group) if self.group else self.kind


def _builtin(group, version, namespaced, *names):
    """``names``: "plural:Kind[:short,...][/sub,...]"."""
    for spec in names:
        spec, _, subs = spec.partition('/')
        plural, kind, short = (spec.split(':') + [''])[:3]
        yield ResourceType(group, version, plural, kind.lower(), kind,
                           namespaced, tuple(filter(None, short.split(','))),
                           tuple(filter(None, subs.split(','))))


BUILTIN = tuple(
    list(_builtin('', 'v1', True, 'pods:Pod:po/status',
                  'services:Service:svc/status', 'configmaps:ConfigMap:cm',
                  'secrets:Secret', 'serviceaccounts:ServiceAccount:sa',
                  'persistentvolumeclaims:PersistentVolumeClaim:pvc/status'))
    + list(_builtin('', 'v1', False, 'namespaces:Namespace:ns/status',
                    'nodes:Node:no/status',
                    'persistentvolumes:PersistentVolume:pv/status'))
    + list(_builtin('apps', 'v1', True, 'deployments:Deployment:deploy/'
                    'status,scale', 'replicasets:ReplicaSet:rs/status,scale',
                    'statefulsets:StatefulSet:sts/status,scale',
                    'daemonsets:DaemonSet:ds/status'))
    + list(_builtin('batch', 'v1', True, 'jobs:Job/status'))
    + list(_builtin('rbac.authorization.k8s.io', 'v1', True, 'roles:Role',
                    'rolebindings:RoleBinding'))
    + list(_builtin('rbac.authorization.k8s.io', 'v1', False,
                    'clusterroles:ClusterRole',
                    'clusterrolebindings:ClusterRoleBinding'))
    + list(_builtin('networking.k8s.io', 'v1', True,
                    'networkpolicies:NetworkPolicy:netpol',
                    'ingresses:Ingress:ing/status'))
    + list(_builtin('apiextensions.k8s.io', 'v1', False,
                    'customresourcedefinitions:CustomResourceDefinition:'
                    'crd,crds/status')))

BY_PLURAL = {rtype.plural: rtype for rtype in BUILTIN}


def from_crd(crd):
    """The types an established CRD serves, one per served version."""
    spec = crd.get('spec') or {}
    names = spec.get('names') or {}
    served = [version for version in spec.get('versions') or ()
              if version.get('served')]
    return [ResourceType(spec['group'], version['name'], names['plural'],
                         names.get('singular') or names['kind'].lower(),
                         names['kind'], spec.get('scope') == 'Namespaced',
                         tuple(names.get('shortNames') or ()),
                         tuple(sub for sub in ('status', 'scale')
                               if sub in (version.get('subresources') or {})))
            for version in served]


class Catalog:
    """Every served type: the built-in ones and those of the CRDs in the
    store whose condition Established is True."""

    def __init__(self, store):
        self.store = store

    def types(self):
        types = list(BUILTIN)
        for _, crd in self.store.list_objects(CRD_RESOURCE):
            if _established(crd):
                types.extend(from_crd(crd))
        return types

    def find(self, group, version, plural):
        for rtype in self.types():
            if (rtype.group, rtype.version, rtype.plural) == \
                    (group, version, plural):
                return rtype
        return None

    def by_resource(self, resource):
        """The type stored under ``resource`` (any of its versions)."""
        for rtype in self.types():
            if rtype.resource == resource:
                return rtype
        return None

    def by_kind(self, api_version, kind):
        for rtype in self.types():
            if (rtype.api_version, rtype.kind) == (api_version, kind):
                return rtype
        return None

    # ---- discovery --------------------------------------------------

    def groups(self):
        """``{group: [version, ...]}`` of the named groups, in order."""
        groups = collections.OrderedDict()
        for rtype in self.types():
            if rtype.group:
                versions = groups.setdefault(rtype.group, [])
                if rtype.version not in versions:
                    versions.append(rtype.version)
        return groups

    def group_list(self):
        return {'kind': 'APIGroupList', 'apiVersion': 'v1',
                'groups': [_group(name, versions) for name, versions
                           in self.groups().items()]}

    def group(self, name):
        versions = self.groups().get(name)
        return _group(name, versions) if versions else None

    def resource_list(self, group, version):
        """The ``APIResourceList`` of a group version, or None."""
        resources = []
        for rtype in self.types():
            if (rtype.group, rtype.version) != (group, version):
                continue
            entry = {'name': rtype.plural, 'singularName': rtype.singular,
                     'namespaced': rtype.namespaced, 'kind': rtype.kind,
                     'verbs': ALL_VERBS}
            if rtype.short_names:
                entry['shortNames'] = list(rtype.short_names)
            resources.append(entry)
            for sub in rtype.subresources:
                scale = sub == 'scale'
                resources.append({
                    'name': '%s/%s' % (rtype.plural, sub), 'singularName': '',
                    'namespaced': rtype.namespaced,
                    'group': 'autoscaling' if scale else rtype.group,
                    'version': 'v1' if scale else rtype.version,
                    'kind': 'Scale' if scale else rtype.kind,
                    'verbs': SUB_VERBS})
        if not resources:
            return None
        return {'kind': 'APIResourceList', 'apiVersion': 'v1',
                'groupVersion': '%s/%s' % (group, version) if group
                else version, 'resources': resources}


def _group(name, versions):
    entries = [{'groupVersion': '%s/%s' % (name, version),
                'version': version} for version in versions]
    return {'kind': 'APIGroup', 'apiVersion': 'v1', 'name': name,
            'versions': entries, 'preferredVersion': entries[0]}


def _established(crd):
    return any(condition.get('type') == 'Established' and
               condition.get('status') == 'True'
               for condition in (crd.get('status') or {}).get('conditions')
               or ())
