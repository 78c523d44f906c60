"""Label and field selectors of list (and deletecollection) requests,
as the API server parses them: terms joined by commas; labels support
``=``, ``==``, ``!=``, ``in``, ``notin``, existence and ``!``
non-existence; fields support ``=``, ``==`` and ``!=`` on the fields the
server indexes."""
import re

from tacker_sandbox.kubernetes import status

MAX_SELECTOR = 4096
_LABEL_TERM = re.compile(
    r'\s*(?:(?P<not>!)\s*(?P<absent>[\w./-]+)'
    r'|(?P<set_key>[\w./-]+)\s+(?P<set_op>in|notin)\s*\((?P<values>[^)]*)\)'
    r'|(?P<key>[\w./-]+)\s*(?P<op>==|!=|=)\s*(?P<value>[\w.-]*)'
    r'|(?P<exists>[\w./-]+))\s*(?:,|$)')
_FIELD_TERM = re.compile(r'\s*(?P<key>[\w.]+)\s*(?P<op>==|!=|=)\s*'
                         r'(?P<value>[^,]*?)\s*(?:,|$)')
FIELDS = {'metadata.name': ('metadata', 'name'),
          'metadata.namespace': ('metadata', 'namespace'),
          'status.phase': ('status', 'phase'),
          'spec.nodeName': ('spec', 'nodeName')}


def _terms(pattern, text, what):
    if len(text) > MAX_SELECTOR:
        raise status.BadRequest('%s is too long' % what)
    position, terms = 0, []
    text = text.strip()
    while position < len(text):
        match = pattern.match(text, position)
        if match is None or match.end() == position:
            raise status.BadRequest('unable to parse requirement: invalid '
                                    '%s: "%s"' % (what, text))
        terms.append(match)
        position = match.end()
    return terms


def label_matcher(text):
    """A predicate on a labels dict, from a ``labelSelector``."""
    tests = []
    for term in _terms(_LABEL_TERM, text or '', 'labelSelector'):
        if term['absent']:
            tests.append(lambda labels, k=term['absent']: k not in labels)
        elif term['set_key']:
            values = {value.strip() for value in term['values'].split(',')}
            if term['set_op'] == 'in':
                tests.append(lambda labels, k=term['set_key'], v=values:
                             labels.get(k) in v)
            else:
                tests.append(lambda labels, k=term['set_key'], v=values:
                             labels.get(k) not in v)
        elif term['key']:
            if term['op'] == '!=':
                tests.append(lambda labels, k=term['key'], v=term['value']:
                             labels.get(k) != v)
            else:
                tests.append(lambda labels, k=term['key'], v=term['value']:
                             labels.get(k) == v)
        else:
            tests.append(lambda labels, k=term['exists']: k in labels)
    return lambda labels: all(test(labels or {}) for test in tests)


def field_matcher(text):
    """A predicate on an object, from a ``fieldSelector``."""
    tests = []
    for term in _terms(_FIELD_TERM, text or '', 'fieldSelector'):
        path = FIELDS.get(term['key'])
        if path is None:
            raise status.BadRequest('field label not supported: %s'
                                    % term['key'])
        negate = term['op'] == '!='
        tests.append(lambda obj, p=path, v=term['value'], n=negate:
                     (((obj.get(p[0]) or {}).get(p[1]) or '') == v) != n)
    return lambda obj: all(test(obj) for test in tests)


def match_labels(selector, labels):
    """Whether a ``LabelSelector`` object (matchLabels, matchExpressions)
    selects ``labels``; an empty selector selects everything."""
    labels = labels or {}
    selector = selector or {}
    for key, value in (selector.get('matchLabels') or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get('matchExpressions') or ():
        key, values = expression.get('key'), expression.get('values') or ()
        operator = expression.get('operator')
        if (operator == 'In' and labels.get(key) not in values) or \
                (operator == 'NotIn' and labels.get(key) in values) or \
                (operator == 'Exists' and key not in labels) or \
                (operator == 'DoesNotExist' and key in labels):
            return False
    return True
