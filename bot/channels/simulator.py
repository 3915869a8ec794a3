"""The local chat simulator as a channel: delivering a message means marking its outbox row sent;
the simulator API then reads sent rows back. No network, no tokens."""
from __future__ import annotations

from ..messages import Outgoing, SendResult


class SimulatorSender:
    channel = "simulator"

    def send(self, address: str, message: Outgoing, *, outbox_id: int | None = None) -> SendResult:
        return SendResult(ok=True, provider_id=f"sim-{outbox_id}")

    def answer_callback(self, callback_id: str) -> None:
        """Simulator buttons need no acknowledgement."""

    def close(self) -> None:
        """Nothing to release."""
