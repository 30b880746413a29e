"""Online booking: the public Bookings Page, booking requests that hold their time, Invite to Book."""
