"""The business's own knowledge: a per-deployment file of questions and answers (prices, service
area, opening hours) from which the bot answers a lead's own questions, in the lead's language.
"""

from bot.knowledge.base import Answer, Entry, Knowledge, KnowledgeError, load_knowledge

__all__ = ["Answer", "Entry", "Knowledge", "KnowledgeError", "load_knowledge"]
