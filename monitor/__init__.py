"""monitor: a news escalation monitor.

Polls RSS/Atom feeds, stores every new article in SQLite, reads each one for escalation
signals, groups the articles that report one event into a story, and alerts people when a
watch rule they wrote is met.
"""

__version__ = "0.1.0"
