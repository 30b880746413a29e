"""Online payment: a payment-provider interface (the built-in sandbox, or Stripe), checkouts for pay-by-link
invoices, provider events handled once, and refunds through the provider that took the money."""
