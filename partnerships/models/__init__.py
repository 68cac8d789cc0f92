"""Partnership sheets and everything hanging off them."""

from .funding import FundingLine, OnePercentMechanism
from .participants import (
    ForeignContact,
    ImplementingActor,
    PostContactAsImported,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
    Volunteer,
)
from .project import Project, ProjectRevision, ProjectTheme

__all__ = [
    "ForeignContact",
    "FundingLine",
    "ImplementingActor",
    "OnePercentMechanism",
    "PostContactAsImported",
    "Project",
    "ProjectForeignAuthority",
    "ProjectFrenchAuthority",
    "ProjectRevision",
    "ProjectTheme",
    "Volunteer",
]
