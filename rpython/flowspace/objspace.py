"""Entry point of the flow space: build_flow(func) -> FunctionGraph."""

from rpython.flowspace.flowcontext import FlowingError, build_flow

__all__ = ["build_flow", "FlowingError"]
