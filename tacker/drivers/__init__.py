"""Drivers, one stevedore namespace per kind (ARCHITECTURE "Drivers")."""
import threading

from stevedore import driver as stevedore_driver
from stevedore import exception as stevedore_exception

# (namespace, name, id(conf)) -> (conf, driver): finding a driver through
# the entry points costs milliseconds, and every LCM step needs one.
# Drivers keep no state but their conf, so one instance serves a process;
# holding the conf keeps its id from being reused.
_loaded = {}
_loading = threading.Lock()


def load(namespace, name, conf, refusal):
    """The driver registered in setup.cfg as ``name`` under ``namespace``,
    made with ``conf``, once per process and ``conf``.

    :raises: ``refusal`` (a ``NoDriver``) when no driver has that name.
    """
    key = (namespace, name, id(conf))
    with _loading:
        loaded = _loaded.get(key)
        if loaded is None:
            try:
                manager = stevedore_driver.DriverManager(
                    namespace=namespace, name=name, invoke_on_load=True,
                    invoke_args=(conf,))
            except stevedore_exception.NoMatches as exc:
                raise refusal from exc
            loaded = _loaded[key] = (conf, manager.driver)
    return loaded[1]
