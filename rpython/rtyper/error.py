"""The error raised for RPython programs the rtyper cannot type."""


class TyperError(Exception):
    """Names the operation (and its source line when known)."""

    def __init__(self, msg, where=None):
        Exception.__init__(self, msg)
        self.msg = msg
        self.where = where

    def __str__(self):
        result = str(self.msg)
        if self.where:
            result += "\n    at %s" % (self.where,)
        return result
