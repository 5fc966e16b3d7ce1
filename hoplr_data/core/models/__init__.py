"""SQLAlchemy 2.x typed models, one module per capability; every name is re-exported here, so
`from hoplr_data.core import models as m` reaches them all.

Privacy (docs/privacy-security.md): no table holds the text of a resident post or reaction, nor who
wrote it beyond the platform's pseudonymous household id.
"""

from hoplr_data.core.models.audit import AUDIT_RESULTS, AuditEntry
from hoplr_data.core.models.base import (
    LANGUAGES,
    ROLES,
    Base,
)
from hoplr_data.core.models.bottom_up import (
    ITEM_KINDS,
    PRIORITIES,
    Category,
    Department,
    Item,
    ItemEvent,
    ReplyTemplate,
)
from hoplr_data.core.models.community import (
    RESPONSE_KINDS,
    Appreciation,
    Buurt,
    EventResponse,
    InvitationCode,
    Membership,
    Post,
    Reaction,
    ResidentEvent,
    Visit,
)
from hoplr_data.core.models.top_down import (
    PUBLICATION_KINDS,
    PUBLICATION_RESPONSE_KINDS,
    PUBLICATION_STATUSES,
    OutboxMessage,
    ProjectIdea,
    Publication,
    PublicationBuurt,
    PublicationResponse,
    SurveyAnswer,
)
from hoplr_data.core.models.users import (
    NOTIFICATION_KINDS,
    Notification,
    Setting,
    User,
    UserRole,
)

__all__ = [
    "AUDIT_RESULTS",
    "Appreciation",
    "AuditEntry",
    "Base",
    "Buurt",
    "Category",
    "Department",
    "EventResponse",
    "ITEM_KINDS",
    "InvitationCode",
    "Item",
    "ItemEvent",
    "LANGUAGES",
    "Membership",
    "NOTIFICATION_KINDS",
    "Notification",
    "OutboxMessage",
    "PRIORITIES",
    "PUBLICATION_KINDS",
    "PUBLICATION_RESPONSE_KINDS",
    "PUBLICATION_STATUSES",
    "Post",
    "ProjectIdea",
    "Publication",
    "PublicationBuurt",
    "PublicationResponse",
    "RESPONSE_KINDS",
    "ROLES",
    "Reaction",
    "ReplyTemplate",
    "ResidentEvent",
    "Setting",
    "SurveyAnswer",
    "User",
    "UserRole",
    "Visit",
]
