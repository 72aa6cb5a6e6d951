"""Identity: users and API clients, their credentials, and the token endpoint."""
