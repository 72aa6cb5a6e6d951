"""Managing the accounts that sign in: users and API clients."""
