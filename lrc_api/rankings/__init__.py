"""Rankings (年度排名) and the gold selection (金牌劳动关系协调员评选) from stored scorecards."""
