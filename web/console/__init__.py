"""The setter console: server-rendered pages for setters, closers and admins."""
