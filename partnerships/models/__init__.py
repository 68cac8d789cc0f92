"""Partnership sheets and everything hanging off them."""

from .funding import FundingLine
from .participants import (
    ForeignContact,
    ImplementingActor,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
    Volunteer,
)
from .project import Project, ProjectRevision, ProjectTheme

__all__ = [
    "ForeignContact",
    "FundingLine",
    "ImplementingActor",
    "Project",
    "ProjectForeignAuthority",
    "ProjectFrenchAuthority",
    "ProjectRevision",
    "ProjectTheme",
    "Volunteer",
]
