"""What a stack request brings besides its template: the environment
(parameters, parameter_defaults, resource_registry), the files, and the
parameters, checked; and what a resource type names given those."""
from tacker_sandbox import errors
from tacker_sandbox import hot
from tacker_sandbox import resources

SECTIONS = ('parameters', 'parameter_defaults', 'resource_registry',
            'event_sinks', 'parameter_merge_strategies',
            'encrypted_param_names')


def resource_kind(resource_type, files, environment):
    """``('template', file name)`` for a nested template (named in the
    files, directly or through the resource_registry), ``('group',
    None)`` for an AutoScalingGroup, ``('plain', None)`` for the rest of
    ``OS::*``; any other type is unknown, as in Heat."""
    registry = environment.get('resource_registry') or {}
    mapped = registry.get(resource_type, resource_type)
    if isinstance(mapped, str) and mapped in files:
        return 'template', mapped
    if resource_type == resources.ASG:
        return 'group', None
    if resources.is_simulated(resource_type):
        return 'plain', None
    raise errors.BadRequest('The Resource Type (%s) could not be found.'
                            % resource_type, 'ResourceTypeNotFound')


def load(source):
    environment = hot.load_document(source, 'environment')
    for section, value in environment.items():
        if section not in SECTIONS:
            raise errors.BadRequest('environment has wrong section "%s"'
                                    % section)
        if section != 'event_sinks' and not isinstance(value, (dict,
                                                               type(None))):
            raise errors.BadRequest('environment section "%s" must be a '
                                    'map' % section)
    return environment


def merge(old, new):
    merged = {}
    for section in set(old) | set(new):
        if isinstance(old.get(section), dict) and isinstance(
                new.get(section), dict):
            merged[section] = dict(old[section], **new[section])
        else:
            merged[section] = new.get(section, old.get(section))
    return merged


def check_parameters(parameters):
    if parameters is None:
        return {}
    if not isinstance(parameters, dict):
        raise errors.BadRequest('"parameters" must be a map')
    return parameters


def check_files(files):
    """A request's ``files``: names mapped to their text."""
    if files is None:
        return {}
    if not isinstance(files, dict) or not all(
            isinstance(content, str) for content in files.values()):
        raise errors.BadRequest('"files" must map names to strings')
    return files
