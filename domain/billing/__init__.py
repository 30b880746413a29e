"""Billing: invoices, items, payments, refunds, account credit, session packs and templates, PDFs."""
