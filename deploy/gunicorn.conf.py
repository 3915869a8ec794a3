"""gunicorn settings for the webhook app: `gunicorn -c deploy/gunicorn.conf.py bot.wsgi:app`.

Webhooks only store the update (the worker handles it and sends), so requests are short and mostly
wait on PostgreSQL's commit: threaded workers keep many commits in flight (PostgreSQL flushes them
together), and the timeout stays well under Telegram's and Twilio's own (Twilio waits 15 s)."""
import multiprocessing
import os
import tempfile

# nginx on the same machine talks to this address; on a web farm, the machine's private address.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# (2 x cores) + 1, the gunicorn docs' starting point; GUNICORN_WORKERS overrides.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 8))
# Each worker holds at most twice its threads in connections: with keep-alive, the first worker to
# accept would otherwise keep most of them (25 of 32 under bench/ingest_bench.py's wrk) and its GIL
# becomes the limit while the others idle. Further connections wait in the listen queue.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", 2 * threads))
timeout = 20  # a webhook that takes longer is stuck: kill the worker, Telegram/Twilio retry
graceful_timeout = 15
keepalive = 5  # nginx keeps upstream connections open a little
max_requests = 2000  # recycle workers now and then (leaks in any library)
max_requests_jitter = 200
# Who may set X-Forwarded-For / -Proto: only the local proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips
limit_request_line = 4094
limit_request_fields = 60
accesslog = None  # nginx keeps the access log; the app logs JSON to stderr (journald)
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "bot.logs.formatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"level": loglevel.upper(), "handlers": ["stderr"]},
    "loggers": {"gunicorn.error": {"handlers": ["stderr"], "level": loglevel.upper(), "propagate": False},
                "gunicorn.access": {"handlers": [], "propagate": False}},
}

# Prometheus multiprocess mode: every worker writes its counters to files here; /metrics sums them.
# The systemd unit points it at its runtime directory; by hand it defaults to one under /tmp.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", os.path.join(tempfile.gettempdir(), "didihaat-prometheus"))


def on_starting(server):
    """Start each run with an empty metrics directory (stale files would add old counts)."""
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if name.endswith(".db"):
            os.remove(os.path.join(folder, name))


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
