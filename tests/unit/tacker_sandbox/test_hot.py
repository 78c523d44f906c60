"""HOT in the sandbox VIM: loading, checks, parameters, functions."""
import contextlib
import json

import pytest

from tacker_sandbox import errors
from tacker_sandbox import hot
from tacker_sandbox import parameters as parameters_lib


def template(**sections):
    return hot.Template(dict({'heat_template_version': '2013-05-23'},
                             **sections))


def evaluator(tmpl, parameters=None, files=None, built=None):
    built = built or {}
    return hot.Evaluator(
        tmpl, parameters or {}, files or {},
        lambda name: built.get(name, {}).get('id'),
        lambda name, attr, path: [name, attr] + list(path))


@contextlib.contextmanager
def raises(error_type, text):
    """A SandboxError of Heat type ``error_type`` mentioning ``text``."""
    with pytest.raises(errors.SandboxError) as info:
        yield
    assert info.value.error_type == error_type
    assert text in info.value.message


def test_yaml_versions_stay_strings_and_json_text_loads():
    document = hot.load_document('heat_template_version: 2013-05-23\n')
    assert document == {'heat_template_version': '2013-05-23'}
    assert hot.load_document('{"a": 1}') == {'a': 1}


@pytest.mark.parametrize('text', [
    'a: &x [1]\nb: *x\n', 'a: [unclosed', '- a list', 'a: !!binary aGk=',
    'a: {? [1]: 2}', '[' * 200000 + ']' * 200000, 'a:\n' + '- ' * 300])
def test_bad_documents_are_400(text):
    with raises('HTTPBadRequest', 'template'):
        hot.load_document(text)


def test_nesting_is_bounded_by_max_depth():
    def nested(depth):
        return '[' * depth + '1' + ']' * depth

    document = hot.load_document('a: %s' % nested(hot.MAX_DEPTH - 1))
    assert json.dumps(document).count('[') == hot.MAX_DEPTH - 1
    with raises('HTTPBadRequest', 'nests deeper than %d' % hot.MAX_DEPTH):
        hot.load_document('a: %s' % nested(hot.MAX_DEPTH))


@pytest.mark.parametrize('document, error_type, text', [
    ({}, 'InvalidTemplateVersion', 'version not found'),
    ({'heat_template_version': '2012-01-01'}, 'InvalidTemplateVersion',
     'should be one of'),
    ({'heat_template_version': 'queens', 'resource': {}},
     'StackValidationFailed', 'section is invalid: resource'),
    ({'heat_template_version': 'queens',
      'resources': {'a': {'type': 'OS::X', 'propertie': {}}}},
     'StackValidationFailed', '"propertie" is not a valid keyword'),
    ({'heat_template_version': 'queens',
      'resources': {'a': {'type': 'OS::X',
                          'properties': {'p': {'get_resource': 'b'}}}}},
     'InvalidTemplateReference', 'The specified reference "b"'),
    ({'heat_template_version': 'queens',
      'resources': {'a': {'type': 'OS::X', 'depends_on': ['b']},
                    'b': {'type': 'OS::X',
                          'properties': {'p': {'get_attr': ['a', 'x']}}}}},
     'CircularDependencyException', 'Circular Dependency Found: a, b'),
    ({'heat_template_version': 'queens', 'parameters': {'p': {}}},
     'StackValidationFailed', 'Missing parameter type for parameter: p'),
    ({'heat_template_version': 'queens', 'outputs': {'o': {}}},
     'StackValidationFailed', 'must contain a value key: o'),
])
def test_template_mistakes_are_reported_as_heat_does(document, error_type,
                                                     text):
    with raises(error_type, text):
        hot.Template(document)


def test_resources_come_after_what_they_reference():
    tmpl = template(resources={
        'server': {'type': 'OS::Nova::Server', 'properties': {
            'networks': [{'port': {'get_resource': 'port'}}]}},
        'port': {'type': 'OS::Neutron::Port', 'depends_on': 'net'},
        'net': {'type': 'OS::Neutron::Net'},
        'ip': {'type': 'OS::X', 'properties': {
            'a': {'get_attr': ['server', 'first_address']}}}})
    assert tmpl.order == ['net', 'port', 'server', 'ip']
    assert tmpl.requires('server') == {'port'}


def test_parameters_are_typed_from_values_defaults_and_schema():
    tmpl = template(parameters={
        'count': {'type': 'number'},
        'nfv': {'type': 'json', 'default': {}},
        'names': {'type': 'comma_delimited_list'},
        'flag': {'type': 'boolean', 'default': 'yes'},
        'flavor': {'type': 'string', 'default': 'm1.tiny',
                   'constraints': [{'allowed_values': ['m1.tiny']}]}})
    values = tmpl.resolve_parameters(
        {'count': '3', 'nfv': '{"a": [1]}'}, {'names': 'x, y'})
    assert values == {'count': 3, 'nfv': {'a': [1]}, 'names': ['x', 'y'],
                      'flag': True, 'flavor': 'm1.tiny'}
    assert tmpl.unknown_parameters({'count': 1, 'other': 2}) == ['other']
    shown = {name: parameters_lib.display(tmpl.parameters[name], value)
             for name, value in values.items()}
    assert shown == {'count': '3', 'nfv': '{"a": [1]}', 'names': 'x,y',
                     'flag': 'True', 'flavor': 'm1.tiny'}


@pytest.mark.parametrize('schema, value, text', [
    ({'type': 'number'}, 'many', "Parameter 'p' is invalid"),
    ({'type': 'json'}, '[1', "Parameter 'p' is invalid"),
    ({'type': 'json'}, '3', 'must be valid JSON'),
    ({'type': 'boolean'}, 'maybe', 'Unrecognized value'),
    ({'type': 'string'}, {'a': 1}, 'Value must be a string'),
    ({'type': 'number', 'constraints': [{'range': {'min': 1, 'max': 2}}]},
     5, 'out of range'),
    ({'type': 'string', 'constraints': [{'length': {'max': 2}}]}, 'abc',
     'length of abc'),
    ({'type': 'string', 'constraints': [{'allowed_pattern': '[a-z]+'}]},
     'A1', 'does not match'),
    ({'type': 'string', 'constraints': [{'allowed_pattern': '('}]}, 'a',
     'missing )'),
    ({'type': 'string', 'constraints': [{'range': {'min': 1}}]}, 'a',
     "not supported between instances"),
])
def test_bad_parameter_values_are_400(schema, value, text):
    with raises('StackValidationFailed', text):
        template(parameters={'p': schema}).resolve_parameters({'p': value})


def test_a_missing_parameter_is_400_unless_the_caller_words_it():
    tmpl = template(parameters={'p': {'type': 'string'}})
    with raises('UserParameterMissing', 'The Parameter (p) was not provided'):
        tmpl.resolve_parameters({})
    with raises('StackValidationFailed', 'Property p not assigned'):
        tmpl.resolve_parameters({}, missing=lambda name: errors.
                                validation_failed('Property %s not assigned'
                                                  % name))


def test_get_param_follows_paths_into_json_and_lists():
    tmpl = template(parameters={'nfv': {'type': 'json'}})
    nfv = {'VDU': {'VDU1': {'flavor': 'small', 'ips': ['10.0.0.1']}}}
    ev = evaluator(tmpl, {'nfv': nfv})
    assert ev.evaluate({'get_param': ['nfv', 'VDU', 'VDU1', 'flavor']}) == \
        'small'
    assert ev.evaluate({'get_param': ['nfv', 'VDU', 'VDU1', 'ips', 0]}) == \
        '10.0.0.1'
    assert ev.evaluate({'get_param': ['nfv', 'VDU', 'VDU2', 'flavor']}) == ''
    with raises('StackValidationFailed', 'The Parameter (other)'):
        ev.evaluate({'get_param': 'other'})


def test_functions_evaluate_inside_structures():
    tmpl = template(
        parameters={'env': {'type': 'string'}},
        conditions={'is_prod': {'equals': [{'get_param': 'env'}, 'prod']}},
        resources={'net': {'type': 'OS::Neutron::Net'}})
    ev = evaluator(tmpl, {'env': 'prod'}, files={'init.sh': 'echo $NAME'},
                   built={'net': {'id': 'net-id'}})
    value = ev.evaluate({
        'net': {'get_resource': 'net'},
        'attr': {'get_attr': ['net', 'show', 'id']},
        'script': {'str_replace': {'template': {'get_file': 'init.sh'},
                                   'params': {'$NAME': 'vdu',
                                              '$NAME_LONG': 'x'}}},
        'joined': {'list_join': [',', ['a', 'b'], ['c']]},
        'split': {'str_split': [',', 'a,b,c', 1]},
        'merged': {'map_merge': [{'a': 1}, {'b': 2}]},
        'concat': {'list_concat': [[1], [2, 3]]},
        'repeated': {'repeat': {'for_each': {'%p%': [80, 443]},
                                'template': {'port': '%p%'}}},
        'chosen': {'if': ['is_prod', 'big', 'small']},
        'negated': {'not': 'is_prod'},
        'digest': {'digest': ['md5', 'a']},
        'filtered': {'filter': [[None], [1, None, 2]]},
        'contains': {'contains': ['b', ['a', 'b']]},
        'plain': {'not_a_function': [1]},
        'yaql': {'yaql': {'expression': '1'}},
    })
    assert value == {
        'net': 'net-id', 'attr': ['net', 'show', 'id'],
        'script': 'echo vdu', 'joined': 'a,b,c', 'split': 'b',
        'merged': {'a': 1, 'b': 2}, 'concat': [1, 2, 3],
        'repeated': [{'port': '80'}, {'port': '443'}],
        'chosen': 'big', 'negated': False,
        'digest': '0cc175b9c0f1b6a831c399e269772661',
        'filtered': [1, 2], 'contains': True,
        'plain': {'not_a_function': [1]}, 'yaql': None}


@pytest.mark.parametrize('expression', [
    {'get_file': 'missing'},
    {'str_replace': {'template': 1}},
    {'list_join': [',', 5]},
    {'str_split': [1, 'a']},
    {'repeat': {'for_each': {'x': list(range(101)),
                             'y': list(range(101))}, 'template': 'xy'}},
    {'contains': [{'a': 1}, 'abc']},
    {'digest': ['nope', 'x']},
    {'if': ['undefined', 1, 2]},
    {'get_attr': ['only_name']},
])
def test_bad_function_arguments_are_400(expression):
    with pytest.raises(errors.BadRequest):
        evaluator(template()).evaluate(expression)
