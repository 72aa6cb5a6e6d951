"""Risk views (劳资矛盾智慧预警) over stored data: enterprise and region risk, and the evaluation
that opens alerts."""
