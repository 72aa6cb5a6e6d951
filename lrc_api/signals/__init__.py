"""Risk signals (预警信号) about enterprises, recorded by other government systems."""
