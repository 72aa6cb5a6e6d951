"""The dynamic ledger (动态管理台账, 附件2): coordinators with their quarterly scores, as JSON, xlsx or csv."""
