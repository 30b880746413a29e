"""Domain: the rules and async services. Never imports ui/ or nicegui."""
