"""The OpenStack infra driver: VNFs as Heat stacks."""
