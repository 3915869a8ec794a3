"""Channel adapters: turn each platform's webhooks into `Incoming` and send `Outgoing` back."""
