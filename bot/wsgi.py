"""Production entry point: `gunicorn bot.wsgi:app`. Web workers only receive; `python -m bot worker`
sends the outbox and runs the scheduler."""
from .app import create_app

app = create_app()
