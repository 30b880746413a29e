"""Plain views of staff users for the pages."""

from dataclasses import dataclass

from domain.accounts.roles import ROLE_LABELS
from domain.actor import Actor
from storage.accounts import StaffUserRow


@dataclass(frozen=True)
class StaffView:
    id: int
    name: str
    email: str
    role: str
    active: bool
    bookable: bool
    time_zone: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    def actor(self, ip: str | None) -> Actor:
        return Actor(user_id=self.id, label=f"{self.name} <{self.email}>", role=self.role, ip=ip)

    @classmethod
    def of(cls, row: "StaffUserRow") -> "StaffView":
        return cls(
            id=row.id,
            name=row.name,
            email=row.email,
            role=row.role,
            active=row.active,
            bookable=row.bookable,
            time_zone=row.time_zone,
        )
