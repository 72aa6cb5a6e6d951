"""Service obligations (工作机制): what a region's units owe, from their stored activities."""
