"""The base class of a VNF package's LCM operation user-data class.

A package names its script and class in the InstantiateVnfRequest's
additionalParams (``lcm-operation-user-data``,
``lcm-operation-user-data-class``); the class derives from
``AbstractUserData`` and overrides ``instantiate`` with a static method.
"""
import abc


class AbstractUserData(metaclass=abc.ABCMeta):
    """Static methods, one per LCM operation, each returning the HOT
    parameters of the top template as a dict (typically ``{'nfv': ...}``).
    """

    @staticmethod
    @abc.abstractmethod
    def instantiate(base_hot_dict=None, vnfd_dict=None, inst_req_info=None,
                    grant_info=None):
        """HOT parameters for instantiating the VNF.

        :param base_hot_dict: {'heat_template': top HOT, <nested file
            name>: nested HOT, ...} as dicts.
        :param vnfd_dict: the flavour's VNFD topology as a dict.
        :param inst_req_info: the InstantiateVnfRequest.
        :param grant_info: the images granted per VDU.
        """
        raise NotImplementedError(
            'the user-data class does not implement instantiate')
