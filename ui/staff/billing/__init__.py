"""A profile's Billing tab, the invoice and payment dialogs, and choosing a session pack."""
