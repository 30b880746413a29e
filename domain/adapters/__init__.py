"""Adapters to the outside world, apart from the rules that use them: SMTP, the SMS gateway, PDF rendering
(invoices, statements, letters), and, later, payment providers. Services call these; these know no rules."""
