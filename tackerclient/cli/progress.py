"""Progress shown on stderr while a command waits or transfers bytes.

On a terminal a single line is redrawn in place; otherwise (logs, CI)
waits print one plain line per state change and transfers print nothing,
so output stays readable when captured.
"""
import shutil
import time

_CLEAR_LINE = '\r\x1b[K'
MIB = 1024 * 1024


def _isatty(stream):
    isatty = getattr(stream, 'isatty', None)
    return bool(isatty and isatty())


def _fit(text):
    """``text`` cut to the terminal width, keeping its end (the news)."""
    width = shutil.get_terminal_size().columns - 1
    return text if len(text) <= width else '...' + text[-(width - 3):]


def human_size(count):
    for unit in ('B', 'KiB', 'MiB', 'GiB'):
        if count < 1024 or unit == 'GiB':
            return ('%d %s' if unit == 'B' else '%.1f %s') % (count, unit)
        count /= 1024


class _Line:
    """Context manager that ends a redrawn line when the work ends."""

    def __init__(self, stream, clock):
        self.stream = stream
        self.tty = _isatty(stream)
        self.clock = clock
        self.start = clock()
        self.drawn = False

    def _draw(self, text):
        self.stream.write(_CLEAR_LINE + _fit(text))
        self.stream.flush()
        self.drawn = True

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.drawn:
            self.stream.write('\n')
            self.stream.flush()


class StatusLine(_Line):
    """The states a resource went through while waited for, with the
    elapsed time: ``INSTANTIATE 8c1f...: STARTING > PROCESSING (12s)``."""

    def __init__(self, stream, clock=time.monotonic):
        super().__init__(stream, clock)
        self.states = []

    def update(self, label, state):
        elapsed = self.clock() - self.start
        changed = not self.states or self.states[-1] != state
        if changed:
            self.states.append(state)
        if self.tty:
            self._draw('%s: %s (%ds)' % (label, ' > '.join(self.states),
                                         elapsed))
        elif changed:
            self.stream.write('%s: %s (%.1fs)\n' % (label, state, elapsed))
            self.stream.flush()


class ByteBar(_Line):
    """A bar for transfers of at least ``min_size`` bytes on a terminal;
    call it with ``(done, total)`` (total None when unknown)."""

    WIDTH = 30
    REDRAW_EVERY = 0.1

    def __init__(self, stream, label, min_size=MIB, clock=time.monotonic):
        super().__init__(stream, clock)
        self.label = label
        self.min_size = min_size
        self.last_draw = None

    def __call__(self, done, total):
        if not self.tty or max(done, total or 0) < self.min_size:
            return
        now = self.clock()
        if (done != total and self.last_draw is not None
                and now - self.last_draw < self.REDRAW_EVERY):
            return
        self.last_draw = now
        rate = '%s/s' % human_size(done / max(now - self.start, 1e-3))
        if total:
            figures = ' %3d%% %s/%s %s' % (100 * done // total,
                                           human_size(done),
                                           human_size(total), rate)
            # The bar gives way to the label and figures on narrow screens.
            width = max(5, min(self.WIDTH, shutil.get_terminal_size().columns
                               - len(self.label) - len(figures) - 4))
            filled = width * done // total
            self._draw('%s [%s%s]%s' % (self.label, '#' * filled,
                                        '-' * (width - filled), figures))
        else:
            self._draw('%s %s %s' % (self.label, human_size(done), rate))
