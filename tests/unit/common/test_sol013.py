"""SOL013 filtering, attribute selectors and paging."""
import base64
import datetime
import json

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from tacker.common import exceptions
from tacker.common import sol013

PACKAGE = {
    'id': 'p1',
    'vnfProductName': 'vRouter',
    'onboardingState': 'ONBOARDED',
    'size': 10,
    'ratio': 0.5,
    'enabled': True,
    'createdAt': '2024-05-01T10:00:00Z',
    'checksum': {'algorithm': 'SHA-256', 'hash': 'abc'},
    'softwareImages': [
        {'name': 'img1', 'version': '1.0', 'minDisk': 1},
        {'name': 'img2', 'version': '2.0', 'minDisk': 5},
    ],
    'tags': ['red', 'blue'],
    'description': None,
    'userDefinedData': {'a/b': 'slash', 'key': 'v'},
    '_links': {'self': {'href': 'http://x/p1'}},
}


def matches(text, obj=PACKAGE):
    return sol013.parse_filter(text).matches(obj)


def reason_of(text, attributes=None):
    with pytest.raises(exceptions.InvalidFilter) as error:
        sol013.parse_filter(text, attributes)
    return str(error.value)


@pytest.mark.parametrize('text, expected', [
    ('(eq,vnfProductName,vRouter)', True),
    ('(eq,vnfProductName,vrouter)', False),
    ('(neq,vnfProductName,vRouter)', False),
    ('(neq,vnfProductName,other)', True),
    ('(in,onboardingState,CREATED,ONBOARDED)', True),
    ('(in,onboardingState,CREATED,UPLOADING)', False),
    ('(nin,onboardingState,CREATED,ONBOARDED)', False),
    ('(nin,onboardingState,CREATED,UPLOADING)', True),
    ('(gt,size,9)', True),
    ('(gt,size,10)', False),
    ('(gte,size,10)', True),
    ('(lt,size,11)', True),
    ('(lt,size,10)', False),
    ('(lte,size,10)', True),
    ('(cont,vnfProductName,xx,Rout)', True),
    ('(cont,vnfProductName,xx,yy)', False),
    ('(ncont,vnfProductName,xx,Rout)', False),
    ('(ncont,vnfProductName,xx,yy)', True),
])
def test_every_operator(text, expected):
    assert matches(text) is expected


def test_terms_joined_by_semicolon_must_all_hold():
    assert matches('(eq,size,10);(eq,vnfProductName,vRouter)')
    assert not matches('(eq,size,10);(eq,vnfProductName,other)')


@pytest.mark.parametrize('text, expected', [
    ('(gt,size,9)', True),          # 10 > 9 as numbers, not as strings
    ('(eq,size,10.0)', True),
    ('(eq,size,1e1)', True),
    ('(lt,ratio,0.75)', True),
    ('(eq,size,ten)', False),
    ('(neq,size,ten)', True),
    ('(eq,size, 10)', False),
    ('(in,size,x,10)', True),
    ('(cont,size,1)', False),
])
def test_numbers_compare_numerically(text, expected):
    assert matches(text) is expected


@pytest.mark.parametrize('text, expected', [
    ('(eq,enabled,true)', True),
    ('(eq,enabled,false)', False),
    ('(eq,enabled,True)', False),
    ('(neq,enabled,false)', True),
    ('(in,enabled,false,true)', True),
    ('(gt,enabled,false)', False),
])
def test_booleans_compare_with_true_and_false(text, expected):
    assert matches(text) is expected


def test_strings_order_lexicographically():
    assert matches('(gt,createdAt,2024-04-30T00:00:00Z)')
    assert not matches('(lt,createdAt,2024-04-30T00:00:00Z)')


def test_quoted_value_may_hold_separators_and_doubled_quotes():
    obj = {'name': "a,b)c'd;e"}
    assert matches("(eq,name,'a,b)c''d;e')", obj)
    assert matches("(in,name,x,'a,b)c''d;e')", obj)
    assert not matches("(eq,name,'a,b')", obj)


def test_quoted_empty_value_matches_empty_string():
    assert matches("(eq,name,'')", {'name': ''})
    assert not matches("(eq,name,'')", {'name': 'x'})


def test_nested_path():
    assert matches('(eq,checksum/algorithm,SHA-256)')
    assert not matches('(eq,checksum/algorithm,SHA-512)')


def test_array_matches_when_any_element_matches():
    assert matches('(eq,softwareImages/name,img2)')
    assert matches('(gt,softwareImages/minDisk,4)')
    assert not matches('(eq,softwareImages/name,img3)')
    assert matches('(eq,tags,blue)')
    assert not matches('(eq,tags,green)')


def test_terms_on_one_array_need_one_element_matching_all():
    assert matches('(eq,softwareImages/name,img2);'
                   '(eq,softwareImages/version,2.0)')
    assert not matches('(eq,softwareImages/name,img2);'
                       '(eq,softwareImages/version,1.0)')
    assert not matches('(gt,softwareImages/minDisk,1);'
                       '(lt,softwareImages/minDisk,5)')


def test_negation_on_array_holds_when_no_element_matches():
    assert not matches('(neq,softwareImages/name,img1)')
    assert matches('(neq,softwareImages/name,img3)')
    assert not matches('(nin,tags,green,red)')
    assert matches('(nin,tags,green,pink)')
    assert not matches('(ncont,softwareImages/name,2)')
    assert matches('(ncont,softwareImages/name,3)')


def test_empty_array_acts_as_missing():
    obj = {'softwareImages': []}
    assert not matches('(eq,softwareImages/name,img1)', obj)
    assert matches('(neq,softwareImages/name,img1)', obj)


@pytest.mark.parametrize('path', ['missing', 'checksum/missing',
                                  'description', 'size/below',
                                  'checksum'])
def test_missing_attribute_fails_positive_and_passes_negated(path):
    for op in ('eq', 'in', 'gt', 'gte', 'lt', 'lte', 'cont'):
        assert not matches('(%s,%s,1)' % (op, path))
    for op in ('neq', 'nin', 'ncont'):
        assert matches('(%s,%s,1)' % (op, path))


def test_tilde_escapes_in_attribute_names():
    assert matches('(eq,userDefinedData/a~1b,slash)')
    obj = {'m': {'a,b': 1, 'x@y': 2, 't~': 3}}
    assert matches('(eq,m/a~ab,1);(eq,m/x~by,2);(eq,m/t~0,3)', obj)
    assert "'~' not followed by" in reason_of('(eq,m/a~zb,1)')


@pytest.mark.parametrize('text, fragment', [
    ('', 'the filter is empty'),
    ('eq,a,1', "expected '(' at offset 0, found 'eq,a,1'"),
    ('(eq,a,1', "expected ',' or ')' at offset 7, found the end"),
    ('(eq,a,1)(eq,b,2)', "expected ';' or the end at offset 8"),
    ('(eq,a,1);', "expected '(' at offset 9, found the end"),
    ('(eq,a,1);;(eq,b,2)', "expected '(' at offset 9"),
    ('(,a,1)', 'expected an operator at offset 1'),
    ('(eq)', "expected ',' at offset 3, found ')'"),
    ('(foo,a,1)', "unknown operator 'foo'; use one of eq, neq"),
    ('(EQ,a,1)', "unknown operator 'EQ'"),
    ('(eq,,1)', 'expected an attribute name at offset 4'),
    ('(eq,a//b,1)', "attribute path 'a//b' has an empty name"),
    ('(eq,a/,1)', "attribute path 'a/' has an empty name"),
    ('(eq,a,)', 'expected a value at offset 6'),
    ('(in,a,1,,2)', 'expected a value at offset 8'),
    ('(eq,a,1,2)', "operator 'eq' takes one value, '(eq,a,1,2)' has 2"),
    ('(gt,a,1,2)', "operator 'gt' takes one value"),
    ("(eq,a,O'Hara)", "value 'O'' contains a quote"),
    ("(eq,a,'open)", "quoted value ''open)' is not closed"),
    ("(eq,a,'x'y)", "expected ',' or ')' after a quoted value at offset 9"),
])
def test_malformed_filter_is_refused_with_reason(text, fragment):
    assert fragment in reason_of(text)


FILTERED = sol013.Attributes('Pkg', {
    'vnfProductName': None, 'userDefinedData': sol013.OPEN,
    'softwareImages': [{'name': None, 'checksum': {'hash': None}}]})


@pytest.mark.parametrize('path', [
    'vnfProductName', 'userDefinedData', 'userDefinedData/k/j',
    'userDefinedData/a~1b', 'softwareImages', 'softwareImages/name',
    'softwareImages/checksum/hash'])
def test_filter_on_an_attribute_of_the_resource_is_accepted(path):
    sol013.parse_filter('(eq,%s,1)' % path, FILTERED)


@pytest.mark.parametrize('path', [
    'size', 'userDefinedDataX', 'vnfProduct', 'vnfProductName/x',
    'softwareImages/nope', 'softwareImages/checksum/hash/deeper',
    'softwareImages~1name'])
def test_filter_on_an_attribute_the_resource_lacks_is_refused(path):
    with pytest.raises(exceptions.UnknownFilterAttribute) as error:
        sol013.parse_filter('(eq,vnfProductName,x);(eq,%s,1)' % path,
                            FILTERED)
    assert str(error.value) == 'Invalid filter: Pkg has no attribute %s.' \
        % path
    assert error.value.status == 400


def test_schema_tree_follows_properties_and_items():
    schema = {'type': 'object', 'properties': {
        'names': {'type': 'array', 'items': {'type': 'string'}},
        'free': {'type': 'object'},
        'nested': {'type': 'object', 'properties': {'n': {'enum': [1]}}}}}
    assert sol013.schema_tree(schema) == {
        'names': [None], 'free': sol013.OPEN, 'nested': {'n': None}}


def test_complex_paths_reach_through_arrays():
    assert FILTERED.complex_paths == {'userDefinedData', 'softwareImages',
                                      'softwareImages/checksum'}


def test_filter_size_limits():
    terms = ';'.join(['(eq,size,10)'] * sol013.MAX_FILTER_TERMS)
    assert matches(terms)
    assert 'more than 100 expressions' in reason_of(terms + ';(eq,a,1)')
    longest = '(eq,a,%s)' % ('x' * (sol013.MAX_FILTER_LENGTH - 7))
    assert len(longest) == sol013.MAX_FILTER_LENGTH
    sol013.parse_filter(longest)
    assert 'has 4097 characters, at most 4096' in reason_of(longest + 'x')


def test_error_maps_to_400():
    with pytest.raises(exceptions.InvalidFilter) as error:
        sol013.parse_filter('(eq,a,1')
    assert error.value.status == 400


# SQL translation ---------------------------------------------------------

METADATA = sa.MetaData()
ITEMS = sa.Table(
    'items', METADATA,
    sa.Column('id', sa.String(8), primary_key=True),
    sa.Column('name', sa.String(32), nullable=True),
    sa.Column('size', sa.Integer, nullable=True),
    sa.Column('state', sa.String(16), nullable=False),
    sa.Column('enabled', sa.Boolean, nullable=False),
    sa.Column('created_at', sa.DateTime, nullable=False),
)
COLUMNS = {'id': ITEMS.c.id, 'name': ITEMS.c.name, 'size': ITEMS.c.size,
           'state': ITEMS.c.state, 'enabled': ITEMS.c.enabled,
           'createdAt': ITEMS.c.created_at}
T0 = datetime.datetime(2024, 1, 1)
ROWS = [
    {'id': 'r1', 'name': 'alpha', 'size': 10, 'state': 'A',
     'enabled': True, 'created_at': T0},
    {'id': 'r2', 'name': None, 'size': None, 'state': 'B',
     'enabled': False, 'created_at': T0},
    {'id': 'r3', 'name': '50%', 'size': 9, 'state': 'A',
     'enabled': True, 'created_at': T0 + datetime.timedelta(hours=1)},
    {'id': 'r4', 'name': '5x0', 'size': 100, 'state': 'C',
     'enabled': False, 'created_at': T0 + datetime.timedelta(hours=2)},
    {'id': 'r5', 'name': 'a_b', 'size': 10, 'state': 'B',
     'enabled': True, 'created_at': T0 + datetime.timedelta(hours=2)},
    {'id': 'r6', 'name': 'axb', 'size': 11, 'state': 'C',
     'enabled': True, 'created_at': T0 + datetime.timedelta(hours=3)},
    {'id': 'r7', 'name': 'back\\slash', 'size': 1, 'state': 'A',
     'enabled': False, 'created_at': T0 + datetime.timedelta(hours=3)},
]


def as_sol(row):
    """The SOL view of a row: NULL columns are absent attributes."""
    view = {'id': row['id'], 'state': row['state'],
            'enabled': row['enabled'],
            'createdAt': row['created_at'].isoformat() + 'Z'}
    view.update({key: row[key] for key in ('name', 'size')
                 if row[key] is not None})
    return view


@pytest.fixture(scope='module')
def engine():
    engine = sa.create_engine('sqlite://')
    METADATA.create_all(engine)
    with engine.begin() as connection:
        connection.execute(ITEMS.insert(), ROWS)
    return engine


def sql_ids(engine, text, columns=COLUMNS):
    clauses, residual = sol013.parse_filter(text).split_sql(columns)
    assert residual is None
    with engine.connect() as connection:
        return set(connection.execute(
            sa.select(ITEMS.c.id).where(*clauses)).scalars())


def python_ids(text):
    parsed = sol013.parse_filter(text)
    return {row['id'] for row in ROWS if parsed.matches(as_sol(row))}


@pytest.mark.parametrize('text, expected', [
    ('(eq,name,alpha)', {'r1'}),
    ('(neq,name,alpha)', {'r2', 'r3', 'r4', 'r5', 'r6', 'r7'}),
    ('(in,state,A,C)', {'r1', 'r3', 'r4', 'r6', 'r7'}),
    ('(nin,name,alpha,axb)', {'r2', 'r3', 'r4', 'r5', 'r7'}),
    ('(nin,state,A,C)', {'r2', 'r5'}),
    ('(gt,size,10)', {'r4', 'r6'}),
    ('(gte,size,10)', {'r1', 'r4', 'r5', 'r6'}),
    ('(lt,size,10)', {'r3', 'r7'}),
    ('(lte,size,9.5)', {'r3', 'r7'}),
    ('(neq,size,10)', {'r2', 'r3', 'r4', 'r6', 'r7'}),
    ('(eq,size,ten)', set()),
    ('(neq,size,ten)', {'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'}),
    ('(gt,size,ten)', set()),
    ('(in,size,ten,9)', {'r3'}),
    ('(eq,enabled,true)', {'r1', 'r3', 'r5', 'r6'}),
    ('(neq,enabled,true)', {'r2', 'r4', 'r7'}),
    ('(eq,enabled,yes)', set()),
    ('(cont,name,%)', {'r3'}),
    ('(cont,name,_)', {'r5'}),
    ('(cont,name,\\)', {'r7'}),
    ('(cont,name,x,ph)', {'r1', 'r4', 'r6'}),
    ('(ncont,name,%,_)', {'r1', 'r2', 'r4', 'r6', 'r7'}),
    ('(cont,size,1)', set()),
    ('(ncont,size,1)', {'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'}),
    ('(eq,id,r2);(nin,state,A)', {'r2'}),
])
def test_sql_agrees_with_python(engine, text, expected):
    assert sql_ids(engine, text) == expected
    assert python_ids(text) == expected


def test_sql_compares_datetimes(engine):
    assert sql_ids(engine, '(gte,createdAt,2024-01-01T02:00:00Z)') == {
        'r4', 'r5', 'r6', 'r7'}
    assert sql_ids(engine, '(lt,createdAt,2024-01-01T03:00:00+02:00)') == {
        'r1', 'r2'}
    assert sql_ids(engine, '(eq,createdAt,yesterday)') == set()


def test_negation_on_nullable_column_matches_null(engine):
    clauses, _ = sol013.parse_filter('(neq,name,alpha)').split_sql(COLUMNS)
    assert 'IS NULL' in str(clauses[0])
    clauses, _ = sol013.parse_filter('(neq,state,A)').split_sql(COLUMNS)
    assert 'IS NULL' not in str(clauses[0])
    assert 'r2' in sql_ids(engine, '(ncont,name,a)')


def test_split_keeps_unmapped_terms_as_residual():
    parsed = sol013.parse_filter(
        '(eq,name,alpha);(eq,softwareImages/name,x);(gt,size,1)')
    clauses, residual = parsed.split_sql(COLUMNS)
    assert len(clauses) == 2
    assert [term.path for term in residual.terms] == ['softwareImages/name']
    assert residual.matches({'softwareImages': [{'name': 'x'}]})
    clauses, residual = parsed.split_sql({})
    assert clauses == [] and residual.terms == parsed.terms
    everything = COLUMNS | {'softwareImages/name': ITEMS.c.name}
    assert parsed.split_sql(everything)[1] is None


def test_orm_attributes_serve_as_columns():
    class Base(orm.DeclarativeBase):
        pass

    class Item(Base):
        __tablename__ = 'orm_items'
        id: orm.Mapped[str] = orm.mapped_column(sa.String(8),
                                                primary_key=True)
        name: orm.Mapped[str | None] = orm.mapped_column(sa.String(8))

    engine = sa.create_engine('sqlite://')
    Base.metadata.create_all(engine)
    clauses, _ = sol013.parse_filter('(nin,name,a)').split_sql(
        {'name': Item.name})
    with orm.Session(engine) as session:
        session.add_all([Item(id='1', name='a'), Item(id='2', name=None),
                         Item(id='3', name='b')])
        session.flush()
        found = session.execute(sa.select(Item.id).where(*clauses))
        assert set(found.scalars()) == {'2', '3'}


# Attribute selectors -----------------------------------------------------

RESOURCE = {
    'id': 'p1',
    'name': 'pkg',
    'checksum': {'algorithm': 'SHA-256', 'hash': 'abc'},
    'softwareImages': [{'name': 'i1', 'checksum': {'hash': '1'}},
                       {'name': 'i2', 'checksum': {'hash': '2'}}],
    'additionalArtifacts': [{'path': 'a'}],
    'userDefinedData': {'k': 'v'},
    '_links': {'self': {'href': 'http://x/p1'}},
}
DEFAULT_EXCLUDED = ['softwareImages', 'additionalArtifacts',
                    'userDefinedData']
COMPLEX = sol013.Attributes('Pkg', {
    'id': None, 'name': None, 'checksum': {'algorithm': None, 'hash': None},
    'softwareImages': [{'name': None, 'checksum': {'hash': None}}],
    'additionalArtifacts': [{'path': None}], 'userDefinedData': sol013.OPEN,
    '_links': {'self': {'href': None}}})


def select(params, attributes=None, obj=RESOURCE):
    return sol013.Selection(params, DEFAULT_EXCLUDED, attributes).apply(obj)


def test_no_selector_acts_as_exclude_default():
    expected = {'id', 'name', 'checksum', '_links'}
    assert set(select({})) == expected
    assert set(select({'exclude_default': ''})) == expected
    assert set(select({'filter': '(eq,a,1)'})) == expected


def test_all_fields_keeps_everything():
    assert select({'all_fields': ''}) == RESOURCE


def test_fields_alone_keeps_only_named_complex_attributes():
    result = select({'fields': 'softwareImages'}, COMPLEX)
    assert result == {key: RESOURCE[key] for key in
                      ('id', 'name', 'softwareImages', '_links')}


def test_fields_alone_without_model_treats_objects_and_arrays_as_complex():
    result = select({'fields': 'userDefinedData,missing'})
    assert set(result) == {'id', 'name', 'userDefinedData', '_links'}


def test_fields_with_exclude_default_gives_back_named_defaults():
    result = select({'fields': 'userDefinedData', 'exclude_default': ''},
                    COMPLEX)
    assert set(result) == {'id', 'name', 'checksum', 'userDefinedData',
                           '_links'}


def test_fields_naming_a_sub_path_keeps_its_parent():
    result = select({'fields': 'softwareImages/checksum'}, COMPLEX)
    assert result['softwareImages'] == RESOURCE['softwareImages']
    assert 'checksum' not in result


def test_fields_on_parent_drops_unnamed_nested_complex_paths():
    nested = sol013.Attributes('Vnf', {'id': None, 'vnfInfo': {
        'state': None, 'extCp': [None], 'vnfc': [None]}})
    obj = {'id': 'i', 'vnfInfo': {'state': 'S', 'extCp': [1], 'vnfc': [2]}}
    result = select({'fields': 'vnfInfo/vnfc'}, nested, obj)
    assert result == {'id': 'i', 'vnfInfo': {'state': 'S', 'vnfc': [2]}}


def test_exclude_fields_reaches_into_arrays():
    result = select({'exclude_fields': 'checksum,softwareImages/checksum'},
                    COMPLEX)
    assert 'checksum' not in result
    assert result['softwareImages'] == [{'name': 'i1'}, {'name': 'i2'}]
    assert result['userDefinedData'] == {'k': 'v'}


def test_mandatory_attributes_stay():
    result = select({'exclude_fields': 'id,_links,_links/self'})
    assert result['id'] == 'p1'
    assert result['_links'] == RESOURCE['_links']


def test_input_is_left_unchanged():
    before = json.dumps(RESOURCE, sort_keys=True)
    select({'exclude_fields': 'softwareImages/checksum,checksum'})
    select({})
    assert json.dumps(RESOURCE, sort_keys=True) == before


@pytest.mark.parametrize('params, fragment', [
    ({'all_fields': '', 'fields': 'a'}, 'all_fields and fields cannot'),
    ({'all_fields': '', 'exclude_default': ''},
     'all_fields and exclude_default cannot'),
    ({'all_fields': '', 'exclude_fields': 'a'},
     'all_fields and exclude_fields cannot'),
    ({'fields': 'a', 'exclude_fields': 'b'},
     'fields and exclude_fields cannot'),
    ({'exclude_fields': 'a', 'exclude_default': ''},
     'exclude_fields and exclude_default cannot'),
    ({'fields': 'a', 'exclude_fields': 'b', 'exclude_default': ''},
     'fields and exclude_fields and exclude_default cannot'),
    ({'fields': ''}, 'fields= has an empty attribute name'),
    ({'exclude_fields': 'a,,b'}, 'exclude_fields=a,,b has an empty'),
    ({'fields': 'a//b'}, 'fields=a//b has an empty'),
])
def test_invalid_selectors_are_refused(params, fragment):
    with pytest.raises(exceptions.InvalidAttributeSelector) as error:
        select(params)
    assert fragment in str(error.value)
    assert error.value.status == 400


@pytest.mark.parametrize('params, path', [
    ({'fields': 'softwareImages,nope'}, 'nope'),
    ({'exclude_fields': 'name'}, 'name'),
    ({'exclude_fields': 'id'}, 'id'),
    ({'fields': 'checksumX'}, 'checksumX'),
    ({'fields': 'softwareImages/name'}, 'softwareImages/name'),
])
def test_names_of_no_complex_attribute_are_refused(params, path):
    with pytest.raises(exceptions.UnknownSelectedAttribute) as error:
        select(params, COMPLEX)
    assert str(error.value) == (
        'Invalid attribute selector: %s names %s, which is not a complex '
        'attribute of Pkg.' % (next(iter(params)), path))


def test_names_below_key_value_pairs_are_accepted():
    result = select({'exclude_fields': 'userDefinedData/k,checksum'},
                    COMPLEX)
    assert result['userDefinedData'] == {}
    assert 'checksum' not in result


def test_selectors_validate_on_an_empty_object():
    assert select({'fields': 'x'}, obj={}) == {}
    with pytest.raises(exceptions.InvalidAttributeSelector):
        select({'all_fields': '', 'fields': 'x'}, obj={})


# Paging ------------------------------------------------------------------

def test_marker_round_trip():
    moment = datetime.datetime(2024, 5, 1, 10, 0, 0, 123456)
    marker = sol013.encode_marker((moment, 'id-1', 7, 1.5))
    assert all(c.isalnum() or c in '-_' for c in marker)
    assert sol013.decode_marker(marker) == (
        '2024-05-01T10:00:00.123456', 'id-1', 7, 1.5)


def b64(data):
    return base64.urlsafe_b64encode(data).decode().rstrip('=')


@pytest.mark.parametrize('marker', [
    '',
    'not base64!',
    'abc+/',
    'a',
    b64(b'not json'),
    b64(b'{"a": 1}'),
    b64(b'[]'),
    b64(b'"x"'),
    b64(b'[["nested"]]'),
    b64(b'[null]'),
    b64(b'\xff\xfe'),
    b64(json.dumps(['x' * 2000]).encode()),
    sol013.encode_marker(('2024-01-01T00:00:00', 'id'))[:-3],
])
def test_malformed_or_tampered_marker_is_refused(marker):
    with pytest.raises(exceptions.InvalidPagingMarker) as error:
        sol013.decode_marker(marker)
    assert error.value.status == 400


def test_next_link_keeps_other_parameters_as_sent():
    url = ("http://h:9890/vnfpkgm/v1/vnf_packages?filter=(eq,a,'x%20y')"
           '&all_fields&nextpage_opaque_marker=old&exclude_default#frag')
    assert sol013.next_link(url, 'bmV3') == (
        "<http://h:9890/vnfpkgm/v1/vnf_packages?filter=(eq,a,'x%20y')"
        '&all_fields&exclude_default&nextpage_opaque_marker=bmV3>; '
        'rel="next"')
    assert sol013.next_link('http://h/x', 'm') == (
        '<http://h/x?nextpage_opaque_marker=m>; rel="next"')


ORDER = (ITEMS.c.created_at, ITEMS.c.id)


def page_query(select, marker_values, page_size):
    """``select`` paged after the key ``marker_values`` (None: first
    page)."""
    keys = None if marker_values is None else sol013.marker_keys(
        ORDER, marker_values)
    return sol013.paged(select, ORDER, keys, page_size)


def read_pages(engine, page_size, base=sa.select(ITEMS.c.id)):
    """Follow markers through every page as an API client would."""
    pages, marker = [], None
    with engine.connect() as connection:
        while True:
            values = sol013.decode_marker(marker) if marker else None
            query = page_query(base.add_columns(*ORDER), values, page_size)
            rows = connection.execute(query).all()
            assert len(rows) <= page_size + 1
            pages.append([row.id for row in rows[:page_size]])
            if len(rows) <= page_size:
                return pages
            last = rows[page_size - 1]
            marker = sol013.encode_marker((last.created_at, last.id))


def test_keyset_paging_visits_each_row_once_despite_equal_times(engine):
    assert read_pages(engine, 2) == [['r1', 'r2'], ['r3', 'r4'],
                                     ['r5', 'r6'], ['r7']]
    assert read_pages(engine, 3) == [['r1', 'r2', 'r3'],
                                     ['r4', 'r5', 'r6'], ['r7']]
    assert read_pages(engine, 7) == [['r1', 'r2', 'r3', 'r4', 'r5', 'r6',
                                      'r7']]


def test_keyset_paging_combines_with_filter(engine):
    clauses, _ = sol013.parse_filter('(neq,state,A)').split_sql(COLUMNS)
    base = sa.select(ITEMS.c.id).where(*clauses)
    assert read_pages(engine, 2, base) == [['r2', 'r4'], ['r5', 'r6']]


def test_page_size_zero_means_no_limit(engine):
    query = page_query(sa.select(ITEMS.c.id), None, 0)
    with engine.connect() as connection:
        assert len(connection.execute(query).all()) == len(ROWS)


def test_keyset_condition_is_portable():
    query = page_query(sa.select(ITEMS.c.id), ('2024-01-01T00:00:00', 'r1'),
                       2)
    sql = str(query.compile(compile_kwargs={'literal_binds': True}))
    # No row values, and a leading bound an index can range-scan from.
    assert ("items.created_at >= '2024-01-01 00:00:00' AND "
            "(items.created_at > '2024-01-01 00:00:00' OR items.id > 'r1')"
            in sql)
    assert 'ORDER BY items.created_at, items.id' in sql
    assert 'LIMIT 3' in sql


@pytest.mark.parametrize('values', [
    ('2024-01-01T00:00:00',),
    ('2024-01-01T00:00:00', 'r1', 'extra'),
    ('yesterday', 'r1'),
    (5, 'r1'),
    ('0001-01-01T00:00:00+01:00', 'r1'),
    ('9999-12-31T23:59:59-01:00', 'r1'),
])
def test_marker_not_fitting_the_order_columns_is_refused(values):
    with pytest.raises(exceptions.InvalidPagingMarker):
        page_query(sa.select(ITEMS.c.id), values, 2)


@pytest.mark.parametrize('text', [
    '(gt,createdAt,0001-01-01T00:00:00+01:00)',
    '(lte,createdAt,9999-12-31T23:59:59-01:00)',
    '(eq,createdAt,0001-01-01T00:00:00+00:01)'])
def test_datetime_out_of_range_in_utc_is_invalid_filter(text):
    with pytest.raises(exceptions.InvalidFilter, match='out of range'):
        sol013.parse_filter(text).split_sql(COLUMNS)


@pytest.mark.parametrize('op', ['gt', 'gte', 'lt', 'lte'])
def test_ordering_a_boolean_column_is_invalid_filter(op):
    with pytest.raises(exceptions.InvalidFilter, match='boolean'):
        sol013.parse_filter('(%s,enabled,true)' % op).split_sql(COLUMNS)


def test_integer_beyond_64_bits_matches_nothing(engine):
    assert sql_ids(engine, '(eq,size,%d)' % 2 ** 70) == set()
    assert sql_ids(engine, '(neq,size,%d)' % 2 ** 70) == {
        'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'}


def test_marker_with_nul_is_refused():
    marker = sol013.encode_marker(['2024-01-01T00:00:00', 'r\0'])
    with pytest.raises(exceptions.InvalidPagingMarker):
        sol013.decode_marker(marker)
