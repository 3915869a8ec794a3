"""Conversation handlers, one module per conversation. Each flow module has `FLOW` (its name)
and `STEPS` (step name -> function taking a Context)."""
