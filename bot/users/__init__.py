"""Console users: setters, closers and admins, with argon2-hashed passwords."""
