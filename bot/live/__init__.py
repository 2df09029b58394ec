"""Live conversations: a setter's take-over, human messages, and the bus that carries news
of a conversation to the stream holding it, in whichever worker that is.

See `bot.live.takeover` (take_over, send_human_message, hand_back, live_state) and
`bot.live.bus` (bus_for(db).publish / subscribe, configure).
"""

from bot.live.bus import Bus, Subscription, bus_for, configure
from bot.live.takeover import (
    BadInput,
    HeldByOther,
    HumanMessage,
    LiveError,
    LiveState,
    NotFound,
    NotHeld,
    hand_back,
    live_state,
    send_human_message,
    take_over,
)

__all__ = ["BadInput", "Bus", "HeldByOther", "HumanMessage", "LiveError", "LiveState", "NotFound",
           "NotHeld", "Subscription", "bus_for", "configure", "hand_back", "live_state",
           "send_human_message", "take_over"]
