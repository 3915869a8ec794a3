"""Running the bot in production: health and heartbeats, incidents, `status`, backups, retention."""
