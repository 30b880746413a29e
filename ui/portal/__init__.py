"""The Client Portal and the public pages clients reach from emails: phone-first."""
