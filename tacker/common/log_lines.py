"""One log record, one log line: client strings never forge log lines.

Values a client sent (names, ids, filters, request lines, error details
quoting them) end up in log messages. A newline in one would start a
line of the client's making (``x\\n2026-... CRITICAL ...``); other
control characters can rewrite a terminal. A filter on every handler
escapes them in the formatted message, once for the whole service, so
no call site has to remember. Tracebacks are formatted after it and keep
their lines, each under the record's prefix.
"""
import logging
import re

# C0 controls but tab, DEL, C1 controls, and the Unicode line breaks.
_CONTROL = re.compile('[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]')
_NAMED = {'\n': '\\n', '\r': '\\r'}


def _escaped(match):
    char = match.group()
    return _NAMED.get(char) or (
        '\\x%02x' % ord(char) if ord(char) < 0x100 else '\\u%04x' % ord(char))


def escape(text):
    """``text`` with control characters written as escapes."""
    return _CONTROL.sub(_escaped, text)


class EscapeControlCharacters(logging.Filter):
    """Rewrites a record whose message has control characters."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:
            return True  # logging reports the broken record itself
        if _CONTROL.search(message):
            record.msg, record.args = escape(message), ()
        return True


def install():
    """Put the filter on every handler logging has (after oslo.log's
    setup, which adds them to the root logger or, with a logging config
    file, wherever that says)."""
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)]
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(existing, EscapeControlCharacters)
                       for existing in handler.filters):
                handler.addFilter(EscapeControlCharacters())
