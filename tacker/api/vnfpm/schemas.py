"""JSON Schemas of /vnfpm/v2's request bodies (SOL003 v3.3.1 clause 6.5).
What the schemas cannot know (objects Tacker measures, metrics with
templates) is a 422 of the controllers."""
from tacker.api.vnfpkgm import schemas as pkg_schemas

_STRING = {'type': 'string', 'maxLength': 255}
_IDS = {'type': 'array', 'items': _STRING, 'maxItems': 100,
        'uniqueItems': True}
# Seconds: at most a day.
_PERIOD = {'type': 'integer', 'minimum': 1, 'maximum': 86400}
_CALLBACK_URI = pkg_schemas.pkgm_subscription_request['properties'][
    'callbackUri']
_CALLBACK = {'callbackUri': _CALLBACK_URI,
             'authentication': pkg_schemas.subscription_authentication_v2}

# CreatePmJobRequest (6.5.2.6) with its PmJobCriteria (6.5.3.3).
create_pm_job_request = {
    'type': 'object',
    'properties': {
        'objectType': _STRING,
        'objectInstanceIds': dict(_IDS, minItems=1),
        'subObjectInstanceIds': _IDS,
        'criteria': {
            'type': 'object',
            'properties': {
                'performanceMetric': _IDS,
                'performanceMetricGroup': _IDS,
                'collectionPeriod': _PERIOD,
                'reportingPeriod': _PERIOD,
                'reportingBoundary': {'type': 'string', 'maxLength': 64},
            },
            'required': ['collectionPeriod', 'reportingPeriod'],
            'additionalProperties': False,
        },
        **_CALLBACK,
    },
    'required': ['objectType', 'objectInstanceIds', 'criteria',
                 'callbackUri'],
    'additionalProperties': False,
}

# CreateThresholdRequest (6.5.2.8) with its ThresholdCriteria (6.5.3.4).
create_threshold_request = {
    'type': 'object',
    'properties': {
        'objectType': _STRING,
        'objectInstanceId': _STRING,
        'subObjectInstanceIds': _IDS,
        'criteria': {
            'type': 'object',
            'properties': {
                'performanceMetric': _STRING,
                'thresholdType': {'enum': ['SIMPLE']},
                'simpleThresholdDetails': {
                    'type': 'object',
                    'properties': {
                        'thresholdValue': {'type': 'number'},
                        'hysteresis': {'type': 'number', 'minimum': 0},
                    },
                    'required': ['thresholdValue', 'hysteresis'],
                    'additionalProperties': False,
                },
            },
            'required': ['performanceMetric', 'thresholdType',
                         'simpleThresholdDetails'],
            'additionalProperties': False,
        },
        **_CALLBACK,
    },
    'required': ['objectType', 'objectInstanceId', 'criteria',
                 'callbackUri'],
    'additionalProperties': False,
}

# PmJobModifications (6.5.2.12), ThresholdModifications (6.5.2.11).
modifications = {
    'type': 'object',
    'properties': _CALLBACK,
    'minProperties': 1,
    'additionalProperties': False,
}
