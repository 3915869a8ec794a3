"""The sending layer under the outbox: claiming due rows, pacing them to each platform's limits,
Meta's daily tier, and the per-channel pumps that keep many sends in flight."""
