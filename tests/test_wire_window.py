"""The last pacing step (bot.sending.wire): what leaves for the platform after the loop was late."""
import asyncio
import time

from bot.sending.wire import WireWindow


def _leave_times(window: WireWindow, sends: int, stall_after: int, stall: float) -> list[float]:
    """Loop times `sends` paced sends left at, the loop blocked for `stall` s after `stall_after`
    of them (a busy loop: the ones due meanwhile are late, then catch up)."""
    async def run() -> list[float]:
        loop = asyncio.get_running_loop()
        start = loop.time()
        left = []
        for n in range(sends):
            if n == stall_after:
                time.sleep(stall)
            assert await window.turn(start + n * window.interval, lambda: 0.0) == 0.0
            left.append(window.left[-1])
        return left

    return asyncio.run(run())


def test_after_a_stall_the_backlog_never_fits_one_more_than_the_limit_in_the_paced_window():
    # 10 per 0.2 s, paced 3% under: a send due during a 0.15 s stall leaves late, and the ones
    # after it follow it, never so close that 11 leave within 0.2 s x 1.03 (the margin is the
    # jitter the platform's own count may see and still find at most 10 in 0.2 s).
    window = WireWindow(limit=10, seconds=0.2, margin=0.03)
    left = _leave_times(window, sends=60, stall_after=20, stall=0.15)
    spans = [left[i + 10] - left[i] for i in range(len(left) - 10)]
    assert min(spans) >= 0.2 * 1.03 - 1e-9
    # and after the stall the sends are back at the paced rate (the stall is not made up by bunching)
    assert abs((left[-1] - left[-31]) / 30 - window.interval) < window.interval * 0.1


def test_a_429_widens_the_margin_a_step_after_the_first_window():
    window = WireWindow(limit=10, seconds=0.2, margin=0.03)
    _leave_times(window, sends=30, stall_after=-1, stall=0)
    window.widen(window.run_began + 0.1)  # within the run's first window: connections were opening
    assert window.margin == 0.03
    window.widen(window.run_began + 0.5)
    assert abs(window.margin - 0.04) < 1e-9
