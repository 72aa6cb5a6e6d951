"""Webhooks (推送): every change-feed entry pushed to subscribed platforms, signed per Standard Webhooks.

The change feed (``lrc_api.core.journal.Change``) is the transactional outbox: the unit of work
writes each entry in the transaction of the change it describes, and a subscription keeps its own
cursor into it. See ``dispatcher`` for how delivery is claimed, ordered, retried and given up.
"""
