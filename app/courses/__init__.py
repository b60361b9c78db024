"""Course catalogue, offerings, modules, registrations and waiting list, completions."""
