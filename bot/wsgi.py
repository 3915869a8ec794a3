"""Production entry point: `gunicorn bot.wsgi:app`. Web workers only receive; `python -m bot worker`
sends the outbox and runs the scheduler."""
from . import logs
from .app import create_app

logs.configure()
app = create_app()
