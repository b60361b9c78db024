"""The task engine's entry point: ``huey_consumer worker.huey -w 2 -k thread``.

One consumer process is both Huey's scheduler (the daily job, the five-minute retry of the
outbox) and its workers (mail that requests hand over with MAIL_DELIVERY=worker).
"""

from app import create_app
from app.notifications.tasks import engine

app = create_app()
huey, tasks = engine(app)
