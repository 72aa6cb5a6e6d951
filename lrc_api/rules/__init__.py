"""HTTP over the stateless rules engine (`lrc_rules`): one sub-package per topic."""
