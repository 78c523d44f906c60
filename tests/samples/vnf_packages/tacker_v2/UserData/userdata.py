class SampleUserData:
    """HOT parameters of the v2 layout sample (Tacker's v2 samples keep
    their user-data class in UserData/userdata.py)."""

    @staticmethod
    def instantiate(req, inst, grant_req, grant, tmp_csar_dir):
        return {'nfv': {'VDU': {'VDU1': {'desiredCapacity': 1},
                                'VDU2': {}}, 'CP': {}}}
