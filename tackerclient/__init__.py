"""Python client and ``tacker`` command line for the Tacker REST APIs."""
