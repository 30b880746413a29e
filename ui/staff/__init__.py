"""The staff app, one package per section (mirroring domain/): calendar, clients (People > Clients),
households (People > Shared), profile (the tabs every profile has), billing, setup, reports, tasks, outbox,
audit. Each section with pages has one router (its __init__)."""
