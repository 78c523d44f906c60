"""The YAML depth scanner and bounded loader."""
import time

import pytest
import yaml

from tacker.common import safe_yaml
from tests import packages


def nested(style, depth):
    return packages._nested(style, depth)


STYLES = ['flow_sequence', 'flow_mapping', 'block_sequence',
          'block_mapping']


@pytest.mark.parametrize('style', STYLES)
def test_nesting_up_to_the_limit_loads(style):
    # The top-level mapping is one level, the "deep" value the others.
    doc = safe_yaml.load(nested(style, 9), max_depth=10)
    assert 'deep' in doc


@pytest.mark.parametrize('style', STYLES)
def test_nesting_past_the_limit_is_refused_at_its_place(style):
    with pytest.raises(safe_yaml.TooDeep) as caught:
        safe_yaml.load(nested(style, 10), max_depth=10)
    assert caught.value.problem == 'nests deeper than 10 levels'
    assert str(caught.value).startswith('nests deeper than 10 levels')
    assert caught.value.problem_mark is not None


@pytest.mark.parametrize('style', ['flow_sequence', 'flow_mapping',
                                   'block_sequence'])
def test_200000_levels_are_refused_at_once(style):
    # Composing this overflows the C stack and kills the process.
    start = time.monotonic()
    with pytest.raises(safe_yaml.TooDeep):
        safe_yaml.load(nested(style, 200_000), max_depth=64)
    assert time.monotonic() - start < 1


def test_depth_counts_levels_not_collections():
    wide = 'top:\n' + ''.join('  k%d: [[1], {a: [2]}]\n' % n
                              for n in range(1000))
    assert len(safe_yaml.load(wide, max_depth=5)['top']) == 1000


def test_closing_levels_frees_depth():
    text = 'a: [[[1]]]\nb: [[[2]]]\n'
    assert safe_yaml.load(text, max_depth=4) == {'a': [[[1]]],
                                                 'b': [[[2]]]}


def test_aliases_are_refused_only_when_asked():
    text = 'a: &x [1]\nb: *x\n'
    assert safe_yaml.load(text, max_depth=5) == {'a': [1], 'b': [1]}
    with pytest.raises(safe_yaml.Refused) as caught:
        safe_yaml.load(text, max_depth=5, aliases=False)
    assert caught.value.problem == 'uses a YAML alias (*x)'
    assert caught.value.problem_mark.line == 1


@pytest.mark.parametrize('text', ['9' * 5000, '0x' + 'f' * 5000,
                                  str(2 ** 64), '-' + str(2 ** 64)])
def test_integers_beyond_64_bits_are_refused(text):
    with pytest.raises(safe_yaml.Refused) as caught:
        safe_yaml.load('n: %s\n' % text, max_depth=5)
    assert caught.value.problem == 'holds an integer larger than 64 bits'
    assert caught.value.problem_mark.column == 3


def test_64_bit_integers_and_quoted_digits_load():
    text = 'a: %d\nb: -%d\nc: "%s"\n' % (2 ** 64 - 1, 2 ** 64 - 1,
                                         '9' * 5000)
    assert safe_yaml.load(text, max_depth=5) == {
        'a': 2 ** 64 - 1, 'b': -(2 ** 64 - 1), 'c': '9' * 5000}


def test_malformed_yaml_is_a_yaml_error():
    with pytest.raises(yaml.YAMLError) as caught:
        safe_yaml.load('a: [1, 2\n', max_depth=5)
    assert not isinstance(caught.value, safe_yaml.Refused)


def test_bytes_are_accepted():
    assert safe_yaml.load(b'a: 1\n', max_depth=2) == {'a': 1}


def test_load_all_reads_every_document_within_the_limits():
    assert safe_yaml.load_all('a: 1\n---\n---\n- b\n', max_depth=2) == [
        {'a': 1}, None, ['b']]
    # A later document too deep refuses the whole stream.
    with pytest.raises(safe_yaml.TooDeep):
        safe_yaml.load_all('a: 1\n---\n' + '[' * 3 + ']' * 3, max_depth=2)
    with pytest.raises(safe_yaml.Refused):
        safe_yaml.load_all('a: 1\n---\nb: %d\n' % 2 ** 65, max_depth=2)
