"""Import paths of Tacker's VNF manager that VNF packages rely on.

LCM operation user-data scripts written for Tacker import helpers from
``tacker.vnfm.lcm_user_data``; this package keeps those paths working so
such packages run here unchanged. Nothing else lives under it.
"""
