"""Drivers, one stevedore namespace per kind (ARCHITECTURE "Drivers")."""
from stevedore import driver as stevedore_driver
from stevedore import exception as stevedore_exception


def load(namespace, name, conf, refusal):
    """The driver registered in setup.cfg as ``name`` under ``namespace``,
    made with ``conf``.

    :raises: ``refusal`` (a ``NoDriver``) when no driver has that name.
    """
    try:
        manager = stevedore_driver.DriverManager(
            namespace=namespace, name=name, invoke_on_load=True,
            invoke_args=(conf,))
    except stevedore_exception.NoMatches as exc:
        raise refusal from exc
    return manager.driver
