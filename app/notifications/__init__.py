"""Notifications: what is due to whom (pure rules), the jobs on the task engine (Huey), the
preferences, the one-click unsubscribe, the admin's outbox and the personal feed's deadlines."""
