"""Pure lead scoring: a configurable points model, stages, next actions and calibration.

No I/O beyond reading a model file, no database, no LLM, nothing of the rest of Setter.
"""

from scoring.bant import missing_slots
from scoring.blacklist import match_blacklist
from scoring.config import ModelError, default_model, load_model, parse_model
from scoring.decay import ScoreState
from scoring.events import ENGAGEMENT_TYPES, EVENT_TYPES, NEGATIVE_TYPES, check_event_type
from scoring.model import Model
from scoring.next_action import is_qualified, next_action
from scoring.points import score, score_from_state
from scoring.stages import next_stage
from scoring.types import (
    STAGES,
    BlacklistRule,
    Event,
    Facts,
    NextAction,
    Profile,
    Reason,
    Score,
    Transition,
)

__all__ = [
    "ENGAGEMENT_TYPES",
    "EVENT_TYPES",
    "NEGATIVE_TYPES",
    "STAGES",
    "BlacklistRule",
    "Event",
    "Facts",
    "Model",
    "ModelError",
    "NextAction",
    "Profile",
    "Reason",
    "Score",
    "ScoreState",
    "Transition",
    "check_event_type",
    "default_model",
    "is_qualified",
    "load_model",
    "match_blacklist",
    "missing_slots",
    "next_action",
    "next_stage",
    "parse_model",
    "score",
    "score_from_state",
]
