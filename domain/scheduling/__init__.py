"""Scheduling: services, working hours, closed days, appointments, the calendar, free slots, reminders."""
