"""Python client of Tacker's REST APIs over a keystoneauth1 session.

    from keystoneauth1 import noauth, session
    from tackerclient import client

    tacker = client.TackerClient(session.Session(auth=noauth.NoAuth()),
                                 endpoint='http://127.0.0.1:9890')
    package = tacker.vnf_packages.create()
    tacker.vnf_packages.upload(package['id'], 'vnf.zip')
    tacker.vnf_packages.wait_onboarded(package['id'])

With a Keystone session the endpoint comes from the service catalog
(service type ``nfv-orchestration``). There is one small class per API;
each method makes one request, except that lists follow SOL013 paging to
the end and ``wait*`` methods poll. Error responses raise
``tackerclient.exceptions.ApiError`` subclasses carrying the ProblemDetails.
"""
import contextlib
import os
import time
import urllib.parse

from keystoneauth1 import adapter
from keystoneauth1 import exceptions as ksa_exceptions

from tackerclient import exceptions

SERVICE_TYPE = 'nfv-orchestration'
CHUNK_SIZE = 64 * 1024

JSON = 'application/json'
MERGE_PATCH_JSON = 'application/merge-patch+json'
ZIP = 'application/zip'

# (URI prefix, Version header) of each API by --os-tacker-api-version.
VNFPKGM_API = ('/vnfpkgm/v1', '2.1.0')
VNFLCM_APIS = {'1': ('/vnflcm/v1', '1.3.0'), '2': ('/vnflcm/v2', '2.0.0')}
# Fault management: one prefix, though only version 2 offers it (_FmApi).
VNFFM_API = ('/vnffm/v1', '1.3.0')
# Performance management (SOL003 v3.3.1), version 2 only (_PmResources).
VNFPM_API = ('/vnfpm/v2', '2.1.0')
# The legacy Tacker NFVO API has no Version header.
NFVO_API = ('/v1.0', None)

# SOL003 5.5.4.5 LcmOperationStateType: where an occurrence rests.
FINAL_OP_STATES = ('COMPLETED', 'FAILED_TEMP', 'FAILED', 'ROLLED_BACK')


class Transport:
    """Sends requests to the Tacker endpoint; error statuses raise."""

    def __init__(self, session, endpoint=None, interface='public',
                 region_name=None):
        self.adapter = adapter.Adapter(
            session, service_type=SERVICE_TYPE, interface=interface,
            region_name=region_name, endpoint_override=endpoint,
            client_name='tackerclient')

    def request(self, method, url, ok=(200,), **kwargs):
        """``url`` is a path below the endpoint, or absolute (paging
        links); ``ok`` the statuses that are not errors."""
        try:
            response = self.adapter.request(url, method, raise_exc=False,
                                            **kwargs)
        except ksa_exceptions.ClientException as error:
            raise exceptions.ConnectionFailed(
                ' '.join(str(error).split()) or type(error).__name__
            ) from error
        if response.status_code not in ok:
            with contextlib.closing(response):
                raise exceptions.from_response(response)
        return response


class Poller:
    """Polls quickly at first, then every ``interval`` seconds."""

    def __init__(self, interval=2.0, first=0.2, clock=time.monotonic,
                 sleep=time.sleep):
        self.interval = interval
        self.first = first
        self.clock = clock
        self.sleep = sleep

    def until(self, fetch, done, timeout=None, describe=str,
              on_poll=None):
        """``fetch()`` until ``done(value)``; return that value.
        ``on_poll(value)`` sees every value fetched.

        :raises WaitTimeout: after ``timeout`` seconds (None: no limit),
            with ``describe(last value)`` in the message.
        """
        deadline = None if timeout is None else self.clock() + timeout
        delay = self.first
        while True:
            value = fetch()
            if on_poll is not None:
                on_poll(value)
            if done(value):
                return value
            if deadline is not None:
                if self.clock() >= deadline:
                    raise exceptions.WaitTimeout(
                        'Gave up waiting after %gs: %s' % (
                            timeout, describe(value)))
                delay = max(0, min(delay, deadline - self.clock()))
            self.sleep(delay)
            delay = min(delay * 1.5 or self.first, self.interval)


def _quote(part, safe=''):
    return urllib.parse.quote(str(part), safe=safe)


def _selectors(filter=None, fields=None, exclude_fields=None,
               all_fields=False, exclude_default=False):
    """SOL013 5.2/5.3 query parameters of a list request."""
    params = {'filter': filter, 'fields': fields,
              'exclude_fields': exclude_fields}
    params = {name: value for name, value in params.items() if value}
    for name, flag in (('all_fields', all_fields),
                       ('exclude_default', exclude_default)):
        if flag:
            params[name] = ''
    return params


class _ProgressReader:
    """A file for ``requests`` to stream with a Content-Length, calling
    ``progress(sent, total)`` as it is read."""

    def __init__(self, stream, size, progress):
        self._stream = stream
        self._size = size
        self._sent = 0
        self._progress = progress

    def __len__(self):
        return self._size

    def read(self, size=-1):
        chunk = self._stream.read(size if size and size > 0 else CHUNK_SIZE)
        self._sent += len(chunk)
        if self._progress is not None:
            self._progress(self._sent, self._size)
        return chunk


class _Api:
    """Requests to one API: its URI prefix and ``Version`` header;
    ``api_version`` is the major version the client was made for
    (``--os-tacker-api-version``)."""

    def __init__(self, transport, api, poller, api_version='1'):
        self.transport = transport
        self.prefix, self.version = api
        self.poller = poller
        self.api_version = str(api_version)

    def _require_v2(self, what):
        """Refuse what Tacker serves, or python-tackerclient offers, with
        version 2 only, rather than send it where it does not exist."""
        if self.api_version != '2':
            raise exceptions.ApiVersionRequired(
                '%s needs version 2 of the Tacker API: use '
                '--os-tacker-api-version 2' % what)

    def _url(self, *parts):
        return '/'.join((self.prefix, *(_quote(part) for part in parts)))

    def _request(self, method, url, ok=(200,), accept=JSON,
                 content_type=None, headers=None, **kwargs):
        headers = {'Accept': accept, **(headers or {})}
        if self.version:
            headers['Version'] = self.version
        if content_type:
            headers['Content-Type'] = content_type
        return self.transport.request(method, url, ok=ok, headers=headers,
                                      **kwargs)

    def _get(self, *parts):
        return self._request('GET', self._url(*parts)).json()

    def _send(self, method, url, body=None, ok=(200,),
              content_type=JSON, **kwargs):
        """A request with a JSON body; the response, for its headers."""
        if body is None:
            return self._request(method, url, ok=ok, **kwargs)
        return self._request(method, url, ok=ok, json=body,
                             content_type=content_type, **kwargs)

    def _create(self, collection, body):
        return self._send('POST', self._url(collection), body,
                          ok=(201,)).json()

    def _delete(self, *parts):
        self._request('DELETE', self._url(*parts), ok=(204,))

    def _list(self, collection, **selectors):
        """Every item of ``collection``, following ``Link: rel="next"``."""
        items = []
        url = self._url(collection)
        params = _selectors(**selectors)
        seen = set()
        while url:
            response = self._request('GET', url, params=params)
            page = response.json()
            if not isinstance(page, list):
                raise exceptions.ClientError(
                    'GET %s answered %s, not a list' % (
                        url, type(page).__name__))
            items.extend(page)
            seen.add(url)
            url = response.links.get('next', {}).get('url')
            # The next link carries every query parameter itself.
            params = None
            if url in seen:
                raise exceptions.ClientError(
                    'Paging of %s loops at %s' % (collection, url))
        return items

    def _download(self, url, dest, accept, progress=None):
        """Stream the body into the binary file ``dest``; return its
        Content-Type. ``progress(received, total or None)``."""
        response = self._request('GET', url, accept=accept, stream=True)
        with contextlib.closing(response):
            total = int(response.headers.get('Content-Length') or 0) or None
            received = 0
            for chunk in response.iter_content(CHUNK_SIZE):
                dest.write(chunk)
                received += len(chunk)
                if progress is not None:
                    progress(received, total)
        return response.headers.get('Content-Type', '').split(';')[0]


def _op_id(response):
    """The VnfLcmOpOcc id from the Location of a task's 202."""
    location = response.headers.get('Location')
    if not location:
        raise exceptions.ClientError(
            'The server accepted the operation without saying where to '
            'follow it (no Location header)')
    return urllib.parse.unquote(
        urllib.parse.urlsplit(location).path.rstrip('/').rsplit('/', 1)[-1])


class VnfPackagesClient(_Api):
    """SOL005 VNF package management (``/vnfpkgm/v1``, clause 9)."""

    def create(self, user_defined_data=None):
        body = {}
        if user_defined_data:
            body['userDefinedData'] = user_defined_data
        return self._create('vnf_packages', body)

    def list(self, **selectors):
        return self._list('vnf_packages', **selectors)

    def show(self, package_id):
        return self._get('vnf_packages', package_id)

    def update(self, package_id, operational_state=None,
               user_defined_data=None):
        """PATCH; returns the VnfPkgInfoModifications."""
        body = {}
        if operational_state:
            body['operationalState'] = operational_state
        if user_defined_data:
            body['userDefinedData'] = user_defined_data
        return self._send('PATCH', self._url('vnf_packages', package_id),
                          body, content_type=MERGE_PATCH_JSON).json()

    def delete(self, package_id):
        self._delete('vnf_packages', package_id)

    def upload(self, package_id, path, progress=None):
        """PUT the CSAR at ``path``, streamed from disk;
        ``progress(sent, total)`` follows it. Onboarding goes on after
        this returns (see ``wait_onboarded``)."""
        size = os.path.getsize(path)
        with open(path, 'rb') as stream:
            self._request('PUT', self._url('vnf_packages', package_id,
                                           'package_content'),
                          ok=(202,), content_type=ZIP,
                          data=_ProgressReader(stream, size, progress))

    def upload_from_uri(self, package_id, uri, user_name=None,
                        password=None):
        body = {'addressInformation': uri}
        if user_name is not None:
            body['userName'] = user_name
        if password is not None:
            body['password'] = password
        self._send('POST', self._url('vnf_packages', package_id,
                                     'package_content', 'upload_from_uri'),
                   body, ok=(202,))

    def wait_onboarded(self, package_id, timeout=None, on_poll=None):
        """Poll until the package is ONBOARDED; return its VnfPkgInfo.

        :raises OnboardingFailed: it went back to CREATED with
            onboardingFailureDetails.
        :raises WaitTimeout:
        """
        package = self.poller.until(
            lambda: self.show(package_id),
            lambda package: package['onboardingState'] == 'ONBOARDED'
            or (package['onboardingState'] == 'CREATED'
                and 'onboardingFailureDetails' in package),
            timeout, lambda package: 'VNF package %s is %s' % (
                package_id, package['onboardingState']), on_poll=on_poll)
        if package['onboardingState'] != 'ONBOARDED':
            raise exceptions.OnboardingFailed(package)
        return package

    def download(self, package_id, dest, progress=None):
        """The CSAR into the binary file ``dest``."""
        return self._download(
            self._url('vnf_packages', package_id, 'package_content'), dest,
            ZIP, progress)

    def download_vnfd(self, package_id, dest, accept=ZIP):
        """The VNFD as ``text/plain`` (one YAML file) or ``application/zip``
        (``accept`` may offer both); returns the type received."""
        return self._download(self._url('vnf_packages', package_id, 'vnfd'),
                              dest, accept)

    def download_artifact(self, package_id, artifact_path, dest,
                          progress=None):
        url = '%s/artifacts/%s' % (self._url('vnf_packages', package_id),
                                   _quote(artifact_path, safe='/'))
        return self._download(url, dest, '*/*', progress)


class VnfLcmClient(_Api):
    """SOL003 VNF instances and their lifecycle tasks (clause 5.4.2-5.4.11a).

    Task methods return the id of the VnfLcmOpOcc to follow with
    ``OpOccsClient.wait``.
    """

    def create(self, body):
        """CreateVnfRequest -> VnfInstance."""
        return self._create('vnf_instances', body)

    def list(self, **selectors):
        return self._list('vnf_instances', **selectors)

    def show(self, instance_id):
        return self._get('vnf_instances', instance_id)

    def delete(self, instance_id):
        self._delete('vnf_instances', instance_id)

    def _task(self, instance_id, task, body):
        return _op_id(self._send('POST', self._url(
            'vnf_instances', instance_id, task), body, ok=(202,)))

    def instantiate(self, instance_id, body):
        return self._task(instance_id, 'instantiate', body)

    def terminate(self, instance_id, body):
        return self._task(instance_id, 'terminate', body)

    def scale(self, instance_id, body):
        return self._task(instance_id, 'scale', body)

    def heal(self, instance_id, body):
        return self._task(instance_id, 'heal', body)

    def change_ext_conn(self, instance_id, body):
        return self._task(instance_id, 'change_ext_conn', body)

    def _v2_task(self, instance_id, task, body):
        """A task that Tacker serves on its v2 API (SOL003 v3.3.1) only."""
        self._require_v2(task)
        return self._task(instance_id, task, body)

    def change_vnfpkg(self, instance_id, body):
        """ChangeCurrentVnfPkgRequest (SOL003 v3.3.1 5.4.11a)."""
        return self._v2_task(instance_id, 'change_vnfpkg', body)

    def scale_to_level(self, instance_id, body):
        """ScaleVnfToLevelRequest (SOL003 v3.3.1 5.4.6)."""
        return self._v2_task(instance_id, 'scale_to_level', body)

    def change_flavour(self, instance_id, body):
        """ChangeVnfFlavourRequest (SOL003 v3.3.1 5.4.7)."""
        return self._v2_task(instance_id, 'change_flavour', body)

    def update(self, instance_id, body):
        """PATCH with a VnfInfoModificationRequest (SOL003 5.4.3.3.4)."""
        return _op_id(self._send(
            'PATCH', self._url('vnf_instances', instance_id), body,
            ok=(202,), content_type=MERGE_PATCH_JSON))

    def api_versions(self, major_version=None):
        """ApiVersionInformation of every major version, or of one."""
        api = self.prefix.rsplit('/', 1)[0]
        if major_version is not None:
            api += '/v%s' % major_version
        return self._request('GET', api + '/api_versions').json()


class OpOccsClient(_Api):
    """SOL003 VNF LCM operation occurrences (clause 5.4.12-5.4.17)."""

    def list(self, **selectors):
        return self._list('vnf_lcm_op_occs', **selectors)

    def show(self, op_id):
        return self._get('vnf_lcm_op_occs', op_id)

    def _act(self, op_id, task, body=None, ok=(202,)):
        return self._send('POST', self._url('vnf_lcm_op_occs', op_id, task),
                          body, ok=ok)

    def retry(self, op_id):
        self._act(op_id, 'retry')

    def rollback(self, op_id):
        self._act(op_id, 'rollback')

    def fail(self, op_id):
        """Returns the occurrence, now FAILED."""
        return self._act(op_id, 'fail', ok=(200,)).json()

    def cancel(self, op_id, cancel_mode='GRACEFUL'):
        self._act(op_id, 'cancel', {'cancelMode': cancel_mode})

    def wait(self, op_id, after=None, timeout=None, on_poll=None,
             states=FINAL_OP_STATES):
        """Poll until the occurrence is in one of ``states``, entered after
        the stateEnteredTime ``after`` when given (so that a retried
        occurrence is not taken for done while still FAILED_TEMP)."""
        return self.poller.until(
            lambda: self.show(op_id),
            lambda op: op['operationState'] in states and (
                after is None or op['stateEnteredTime'] > after),
            timeout, lambda op: 'operation %s is %s' % (
                op_id, op['operationState']), on_poll=on_poll)


class SubscriptionsClient(_Api):
    """``{prefix}/subscriptions`` of an API (SOL013 clause 5.x)."""

    def create(self, body):
        """Returns ``(subscription, created)``; ``created`` is False when
        the server answered 303 with an identical existing one."""
        response = self._send('POST', self._url('subscriptions'), body,
                              ok=(201, 303), redirect=False)
        if response.status_code == 201:
            return response.json(), True
        location = response.headers['Location']
        return self._request('GET', location).json(), False

    def list(self, **selectors):
        return self._list('subscriptions', **selectors)

    def show(self, subscription_id):
        return self._get('subscriptions', subscription_id)

    def delete(self, subscription_id):
        self._delete('subscriptions', subscription_id)


class LcmSubscriptionsClient(SubscriptionsClient):
    """SOL003 subscriptions to LCM notifications (clause 5.4.18-5.4.19)."""


class _V2OnlyApi(_Api):
    """An API that python-tackerclient offers with
    ``--os-tacker-api-version 2`` only, whatever its own URIs and Version
    header: every request is refused on version 1."""

    # 'VNF fault management': what the refusal names.
    what = None

    def _request(self, *args, **kwargs):
        self._require_v2(self.what)
        return super()._request(*args, **kwargs)


class _FmApi(_V2OnlyApi):
    """Fault management (``/vnffm/v1``, SOL003 v3.3.1 clause 7)."""

    what = 'VNF fault management'


class FmAlarmsClient(_FmApi):
    """SOL003 v3.3.1 alarms (clause 7.4.2-7.4.3)."""

    def list(self, **selectors):
        """Alarms take a filter but no attribute selectors (7.4.2.3.2)."""
        return self._list('alarms', **selectors)

    def show(self, alarm_id):
        return self._get('alarms', alarm_id)

    def update(self, alarm_id, ack_state):
        """PATCH the ackState; returns the AlarmModifications (7.4.3.3.4).

        :raises Conflict: the alarm has that ackState already.
        """
        return self._send('PATCH', self._url('alarms', alarm_id),
                          {'ackState': ack_state},
                          content_type=MERGE_PATCH_JSON).json()


class FmSubscriptionsClient(_FmApi, SubscriptionsClient):
    """SOL003 v3.3.1 subscriptions to alarm notifications (clause
    7.4.4-7.4.5)."""


class _PmResources(_V2OnlyApi):
    """A collection of performance management (``/vnfpm/v2``, SOL003
    v3.3.1 clause 6): created from a request, listed, shown, modified
    (callbackUri, authentication) and deleted alike."""

    what = 'VNF performance management'
    collection = None

    def create(self, body):
        return self._create(self.collection, body)

    def list(self, **selectors):
        return self._list(self.collection, **selectors)

    def show(self, resource_id):
        return self._get(self.collection, resource_id)

    def update(self, resource_id, body):
        """PATCH; returns the modifications, without secrets."""
        return self._send('PATCH', self._url(self.collection, resource_id),
                          body, content_type=MERGE_PATCH_JSON).json()

    def delete(self, resource_id):
        self._delete(self.collection, resource_id)


class PmJobsClient(_PmResources):
    """SOL003 v3.3.1 PM jobs and their reports (clause 6.4.2-6.4.4):
    ``create`` takes a CreatePmJobRequest, ``update`` PmJobModifications;
    ``list`` leaves the reports out unless selectors ask for them."""

    collection = 'pm_jobs'

    def report(self, job_id, report_id):
        """The PerformanceReport ``report_id`` of the job (6.4.4)."""
        return self._get(self.collection, job_id, 'reports', report_id)


class PmThresholdsClient(_PmResources):
    """SOL003 v3.3.1 thresholds (clause 6.4.5-6.4.6): ``create`` takes a
    CreateThresholdRequest, ``update`` ThresholdModifications; ``list``
    a filter but no attribute selectors."""

    collection = 'thresholds'


class VimsClient(_Api):
    """VIMs of the legacy Tacker NFVO API (``/v1.0/vims``).

    Requests and answers wrap a VIM in ``{"vim": ...}``; these methods
    take and return the VIM itself. Secrets come back as ``***``; the
    requests that send them are kept out of keystoneauth1's debug log.
    """

    def register(self, vim):
        """``vim``: name, type, auth_url, auth_cred, vim_project, ...;
        the server checks the credentials with the VIM before answering.
        """
        return self._send('POST', self._url('vims'), {'vim': vim},
                          ok=(201,), log=False).json()['vim']

    def list(self, **filters):
        """Filters: name, type, status, is_default, tenant_id."""
        params = {name: str(value).lower() if isinstance(value, bool)
                  else value for name, value in filters.items()
                  if value is not None}
        return self._request('GET', self._url('vims'),
                             params=params).json()['vims']

    def show(self, vim_id):
        return self._get('vims', vim_id)['vim']

    def update(self, vim_id, changes):
        """PUT; new credentials are checked with the VIM as on register.
        """
        return self._send('PUT', self._url('vims', vim_id), {'vim': changes},
                          log=False).json()['vim']

    def delete(self, vim_id):
        self._delete('vims', vim_id)


class _LegacyReadable(_Api):
    """A collection of the legacy Tacker API (``/v1.0``): answers wrap an
    item in ``{member: ...}`` and a list in ``{collection: [...]}``;
    these methods return the items themselves. Lists are not paged."""

    collection = None
    member = None

    def list(self, **filters):
        """Filters are query parameters; those given as None are left
        out."""
        params = {name: value for name, value in filters.items()
                  if value is not None}
        return self._request('GET', self._url(self.collection),
                             params=params).json()[self.collection]

    def show(self, resource_id):
        return self._get(self.collection, resource_id)[self.member]


class _LegacyResources(_LegacyReadable):
    """A legacy collection whose items are created from a body and
    deleted."""

    def create(self, body):
        """``body``: the item's fields, sent wrapped in ``{member: ...}``.
        """
        return self._create(self.collection,
                            {self.member: body})[self.member]

    def delete(self, resource_id):
        self._delete(self.collection, resource_id)


class LegacyVnfdsClient(_LegacyResources):
    """VNFDs of the legacy Tacker VNFM API (``/v1.0/vnfds``): TOSCA
    templates, ``attributes.vnfd`` sent as a mapping and shown as YAML
    text. Filters: name, template_source (onboarded by default, inline,
    all), tenant_id."""

    collection = 'vnfds'
    member = 'vnfd'


class LegacyVnfsClient(_LegacyResources):
    """VNFs of the legacy Tacker VNFM API (``/v1.0/vnfs``). Creating,
    updating, scaling and deleting start work that goes on after the
    answer: follow ``status``. Filters: name, status, vnfd_id, vim_id,
    tenant_id."""

    collection = 'vnfs'
    member = 'vnf'

    def update(self, vnf_id, changes):
        """PUT ``{"vnf": changes}``, e.g. ``{"attributes": {"config":
        ...}}``; returns the VNF, now updating."""
        return self._send('PUT', self._url(self.collection, vnf_id),
                          {self.member: changes}).json()[self.member]

    def scale(self, vnf_id, policy, scale_type):
        """Scale ``'out'`` or ``'in'`` by the VNFD's scaling policy
        ``policy``."""
        self._send('POST', self._url(self.collection, vnf_id, 'actions'),
                   {'scale': {'type': scale_type, 'policy': policy}},
                   ok=(202,))

    def resources(self, vnf_id):
        """The VNF's resources on its VIM: name, type and id of each."""
        return self._get(self.collection, vnf_id, 'resources')['resources']


class LegacyNsdsClient(_LegacyResources):
    """NSDs of the legacy Tacker NFVO API (``/v1.0/nsds``), sent and shown
    as VNFDs are (``attributes.nsd``)."""

    collection = 'nsds'
    member = 'nsd'


class LegacyNssClient(_LegacyResources):
    """NSs of the legacy Tacker NFVO API (``/v1.0/nss``): a VNF for each
    VNF node of their NSD."""

    collection = 'nss'
    member = 'ns'


class LegacyEventsClient(_LegacyReadable):
    """Events of the resources of the legacy Tacker API
    (``/v1.0/events``). Filters: resource_id, resource_type,
    resource_state, event_type."""

    collection = 'events'
    member = 'event'


class TackerClient:
    """Every API of one Tacker endpoint.

    ``api_version`` is the major version of the APIs ('1' or '2'): it
    picks the LCM API, and fault and performance management need 2.
    """

    def __init__(self, session, endpoint=None, interface='public',
                 region_name=None, api_version='1', poller=None):
        if str(api_version) not in VNFLCM_APIS:
            raise exceptions.ClientError(
                'Unknown Tacker API version %s; use %s' % (
                    api_version, ' or '.join(sorted(VNFLCM_APIS))))
        self.transport = Transport(session, endpoint, interface,
                                   region_name)
        self.poller = poller or Poller()
        lcm_api = VNFLCM_APIS[str(api_version)]

        def api(cls, prefix_version):
            return cls(self.transport, prefix_version, self.poller,
                       api_version)
        self.vnf_packages = api(VnfPackagesClient, VNFPKGM_API)
        self.vnf_lcm = api(VnfLcmClient, lcm_api)
        self.op_occs = api(OpOccsClient, lcm_api)
        self.lcm_subscriptions = api(LcmSubscriptionsClient, lcm_api)
        self.fm_alarms = api(FmAlarmsClient, VNFFM_API)
        self.fm_subscriptions = api(FmSubscriptionsClient, VNFFM_API)
        self.pm_jobs = api(PmJobsClient, VNFPM_API)
        self.pm_thresholds = api(PmThresholdsClient, VNFPM_API)
        self.vims = api(VimsClient, NFVO_API)
        self.legacy_vnfds = api(LegacyVnfdsClient, NFVO_API)
        self.legacy_vnfs = api(LegacyVnfsClient, NFVO_API)
        self.legacy_nsds = api(LegacyNsdsClient, NFVO_API)
        self.legacy_nss = api(LegacyNssClient, NFVO_API)
        self.legacy_events = api(LegacyEventsClient, NFVO_API)
