from tacker.vnfm.lcm_user_data import abstract_user_data


class SampleUserData(abstract_user_data.AbstractUserData):
    """HOT parameters of the v1 layout sample: the VNFD's flavour and
    image ids, one VDU1 to start with."""

    @staticmethod
    def instantiate(base_hot_dict=None, vnfd_dict=None, inst_req_info=None,
                    grant_info=None):
        return {'nfv': {'VDU': {'VDU1': {'desiredCapacity': 1}}, 'CP': {}}}
