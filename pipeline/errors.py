"""Errors that reach the user as one line, never as a traceback."""


class PipelineError(Exception):
    """A user-facing error: the message names the file and the line or key at fault."""


class ConfigError(PipelineError):
    """The config file names an unknown stage or key, or gives an option of the wrong type."""


class OutputError(PipelineError):
    """The output folder cannot take the results (not a folder, read-only, full): the run stops."""
