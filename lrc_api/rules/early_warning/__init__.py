"""HTTP for the early-warning calculator (劳资矛盾智慧预警), stateless."""
