"""Progress lines: redrawn on a terminal, plain lines otherwise."""
import io

from tackerclient.cli import progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_status_on_a_terminal_redraws_one_line_with_the_trail():
    stream, clock = Terminal(), Clock()
    with progress.StatusLine(stream, clock) as status:
        status.update('SCALE op1', 'STARTING')
        clock.now += 3
        status.update('SCALE op1', 'PROCESSING')
        clock.now += 9
        status.update('SCALE op1', 'PROCESSING')
    frames = stream.getvalue().split('\r\x1b[K')
    assert frames[1:] == ['SCALE op1: STARTING (0s)',
                          'SCALE op1: STARTING > PROCESSING (3s)',
                          'SCALE op1: STARTING > PROCESSING (12s)\n']


def test_status_elsewhere_prints_a_line_per_state_change():
    stream, clock = io.StringIO(), Clock()
    with progress.StatusLine(stream, clock) as status:
        status.update('VNF package p', 'PROCESSING')
        clock.now += 0.5
        status.update('VNF package p', 'PROCESSING')
        clock.now += 1
        status.update('VNF package p', 'ONBOARDED')
    assert stream.getvalue() == ('VNF package p: PROCESSING (0.0s)\n'
                                 'VNF package p: ONBOARDED (1.5s)\n')


def test_byte_bar_draws_percentages_on_a_terminal():
    stream, clock = Terminal(), Clock()
    with progress.ByteBar(stream, 'Uploading', min_size=100,
                          clock=clock) as bar:
        clock.now += 1
        bar(512, 2048)
        clock.now += 1
        bar(2048, 2048)
    frames = stream.getvalue().split('\r\x1b[K')[1:]
    assert frames[0].startswith('Uploading [')
    assert ' 25% 512 B/2.0 KiB 512 B/s' in frames[0]
    assert frames[1].endswith(' 100% 2.0 KiB/2.0 KiB 1.0 KiB/s\n')


def test_byte_bar_is_silent_for_small_transfers_and_off_terminal():
    small, piped = Terminal(), io.StringIO()
    with progress.ByteBar(small, 'Up') as bar:
        bar(10, 10)
    with progress.ByteBar(piped, 'Up', min_size=0) as bar:
        bar(10 * progress.MIB, 10 * progress.MIB)
    assert small.getvalue() == piped.getvalue() == ''


def test_human_sizes():
    assert [progress.human_size(n) for n in (5, 2048, 3 * 2 ** 20,
                                             5 * 2 ** 40)] == [
        '5 B', '2.0 KiB', '3.0 MiB', '5120.0 GiB']
