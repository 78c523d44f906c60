"""The routes Alertmanager posts to, as Tacker's Prometheus plugin has
them (``/alert``, ``/alert/auto_healing``, ``/alert/auto_scaling``,
``/pm_event``, ``/pm_threshold``)."""
from tacker.api.prometheus import alerts
from tacker.api.prometheus import measurements


def add_routes(router):
    router.connect('', alerts.AlertsController(), {'POST': 'create'},
                   schemas={'POST': alerts.WEBHOOK})
    automatic = alerts.AutomaticController()
    router.connect('/auto_healing', automatic, {'POST': 'heal'},
                   schemas={'POST': alerts.WEBHOOK})
    router.connect('/auto_scaling', automatic, {'POST': 'scale'},
                   schemas={'POST': alerts.WEBHOOK})


def add_pm_event_routes(router):
    router.connect('', measurements.MeasurementsController(),
                   {'POST': 'job_event'}, schemas={'POST': alerts.WEBHOOK})


def add_pm_threshold_routes(router):
    router.connect('', measurements.MeasurementsController(),
                   {'POST': 'threshold_event'},
                   schemas={'POST': alerts.WEBHOOK})
