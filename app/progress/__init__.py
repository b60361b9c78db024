"""Progress: each person's standing against the requirements of their networks' plans."""
