"""Staff users and roles, sign-in and sessions."""
