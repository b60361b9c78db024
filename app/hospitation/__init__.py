"""Hospitation sites and hospitations (planned → confirmed → completed, with reflection)."""
