"""Privacy and the life of data: export, anonymisation, retention, consent log, backups."""
