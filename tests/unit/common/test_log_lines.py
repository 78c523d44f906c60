"""Client strings never forge log lines: the filter every handler gets."""
import io
import logging

from tacker.common import log_lines


def logged(*args, **kwargs):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger('test_log_lines')
    logger.addHandler(handler)
    logger.propagate = False
    log_lines.install()
    try:
        logger.warning(*args, **kwargs)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_newline_in_a_value_stays_on_one_line():
    text = logged('Heal of %s failed', 'x\n2026-12-01 CRITICAL forged')
    assert text == 'Heal of x\\n2026-12-01 CRITICAL forged failed\n'


def test_other_controls_and_unicode_line_breaks_are_escaped():
    text = logged('%s', '\r\x1b[31m\x85\u2028\ttab')
    assert text == '\\r\\x1b[31m\\x85\\u2028\ttab\n'


def test_a_traceback_keeps_its_lines():
    try:
        raise ValueError('bad')
    except ValueError:
        text = logged('failed: %s', 'a\nb', exc_info=True)
    assert text.startswith('failed: a\\nb\nTraceback')


def test_install_adds_the_filter_once():
    handler = logging.NullHandler()
    logging.getLogger().addHandler(handler)
    try:
        log_lines.install()
        log_lines.install()
        assert len([f for f in handler.filters if isinstance(
            f, log_lines.EscapeControlCharacters)]) == 1
    finally:
        logging.getLogger().removeHandler(handler)
