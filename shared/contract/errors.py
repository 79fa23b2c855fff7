"""Why a message could not be read as an event. Both are permanent: retrying cannot help."""


class UnreadableMessage(Exception):
    """The bytes or headers are not a CloudEvent we can decode (bad JSON, missing attribute)."""


class InvalidEvent(Exception):
    """The message decodes, but its data does not satisfy the event's schema or its type is unknown."""
