"""Didi Haat: a WhatsApp and Telegram market for Bihar's JEEViKA self-help groups."""
