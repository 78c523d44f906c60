"""The routes Alertmanager posts to, as Tacker's Prometheus plugin has
them (``/alert``, ``/alert/auto_healing``, ``/alert/auto_scaling``)."""
from tacker.api.prometheus import alerts


def add_routes(router):
    router.connect('', alerts.AlertsController(), {'POST': 'create'},
                   schemas={'POST': alerts.WEBHOOK})
    automatic = alerts.AutomaticController()
    router.connect('/auto_healing', automatic, {'POST': 'heal'},
                   schemas={'POST': alerts.WEBHOOK})
    router.connect('/auto_scaling', automatic, {'POST': 'scale'},
                   schemas={'POST': alerts.WEBHOOK})
