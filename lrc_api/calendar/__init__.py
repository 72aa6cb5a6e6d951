"""Working-day calendar over HTTP (China's holidays and in-lieu working days)."""
