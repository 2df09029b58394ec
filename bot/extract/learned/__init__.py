"""The learned layer: linear classifiers that say what a lead message is about.

It proposes (need or no need, decision role level, timing intent, a budget statement or
not, the kind of non-buyer); the rules still read numbers, money and dates, and every
proposal quotes a clause of the message, so grounding works as for the rules.
"""
