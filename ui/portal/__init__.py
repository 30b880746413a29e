"""The Client Portal (/portal/...): its own sign-in and cookie, phone-first pages for the signed-in client."""
