"""The routes Alertmanager posts to, as Tacker's Prometheus plugin has
them (``/alert``)."""
from tacker.api.prometheus import alerts


def add_routes(router):
    router.connect('', alerts.AlertsController(), {'POST': 'create'},
                   schemas={'POST': alerts.WEBHOOK})
