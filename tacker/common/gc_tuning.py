"""Garbage collection of a long-running Tacker process (API worker or
conductor), tuned once it has started."""
import gc

# Objects allocated, less those freed, before a young collection: a list
# page or an LCM operation allocates thousands of short-lived objects,
# and the default of 700 would collect several times for each.
THRESHOLD = (20000, 20, 50)


def freeze_start_up():
    """Move everything built at start-up (~140k objects in an API worker:
    modules, routes, config; more in a conductor, with its drivers and
    clients) out of the collector's sight, so that full collections only
    walk what requests and operations allocate, and collect young
    objects less often. Conductor CPU per noop LCM operation on MariaDB:
    3.9-4.1 -> 3.7 ms."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLD)
