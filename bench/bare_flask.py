"""The yardstick for bench/ingest_bench.py: a Flask app that answers every webhook 200 and does nothing."""
from flask import Flask

app = Flask(__name__)


@app.post("/webhook/telegram")
def telegram():
    return "", 200
