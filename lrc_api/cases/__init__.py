"""Cases: labor disputes, wage clues, hotline orders and inspections, with timelines."""
