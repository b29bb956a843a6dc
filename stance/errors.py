"""The exceptions stance raises on purpose, under one base class.

Every error the library raises for a problem it can name — bad input, an unusable model
folder, missing weights, a malformed data file, a missing data source — is a
:class:`StanceError`, and its message names the problem and the fix. Anything else that
escapes the library is a bug (please report it with its traceback).

Each class also derives from the built-in exception a caller would expect, so existing
``except ValueError`` / ``except FileNotFoundError`` code keeps working::

    StanceError
    ├── UsageError (ValueError)              options that cannot work together, or a value an option does not take
    ├── InputError (ValueError)              text, statements or a file's contents the library cannot use
    │   ├── MissingInputError (FileNotFoundError)  a file or folder the caller named is not there (or is a folder, not a file)
    │   ├── DocumentTooLongError             a document longer than max_chars
    │   └── CorpusInputError                 a corpus file, a record or its columns (scoring, reports)
    ├── DataFormatError (ValueError)         a data or annotation file breaks its documented format
    │   └── SourceMissingError (FileNotFoundError)  a local copy of a public data source is missing or changed
    ├── ModelFolderError (ValueError)        a model folder is missing, incomplete, inconsistent or unsafe
    └── ResourceError (RuntimeError)         something the library needs is not installed or is broken
        └── BaseWeightsError                 encoder weights are missing or fail their checksum

Exit codes of the command line (``stance ...``): **0** done; **2** bad usage — the command
cannot start with what it was given (argparse errors, :class:`UsageError`,
:class:`InputError`, :class:`DataFormatError` other than a missing source,
:class:`ModelFolderError`); **1** failed at run time (:class:`ResourceError`,
:class:`SourceMissingError`, any other StanceError). A StanceError is printed as one line on
stderr; any other exception is a bug and shows its traceback (exit 1).
"""

from __future__ import annotations

__all__ = [
    "BaseWeightsError",
    "MissingInputError",
    "ResourceError",
    "CorpusInputError",
    "DataFormatError",
    "DocumentTooLongError",
    "InputError",
    "ModelFolderError",
    "SourceMissingError",
    "StanceError",
    "UsageError",
    "exit_code",
]


class StanceError(Exception):
    """Base class of every error stance raises on purpose; the message says what to do."""


class InputError(StanceError, ValueError):
    """Input the library cannot use: text, statements, options, or a file's contents."""


class MissingInputError(InputError, FileNotFoundError):
    """A file or folder the caller named does not exist, or is a folder where a file is expected."""


class DocumentTooLongError(InputError):
    """A document is longer than the extractor's ``max_chars``."""


class CorpusInputError(InputError):
    """A corpus file (or a record, column or option of it) cannot be used."""


class ModelFolderError(StanceError, ValueError):
    """A model folder is incomplete, inconsistent or unsafe."""


class ResourceError(StanceError, RuntimeError):
    """Something the library needs (encoder weights, a spaCy pipeline) is not installed or is broken."""


class BaseWeightsError(ResourceError):
    """Encoder weights are missing, incomplete, unsafe, or fail their checksum."""


class DataFormatError(StanceError, ValueError):
    """A data or annotation file does not follow its documented format."""


class SourceMissingError(DataFormatError, FileNotFoundError):
    """The local copy of a public source is missing, or differs from the annotated one."""


class UsageError(StanceError, ValueError):
    """Options that cannot work together, or a value an option does not accept."""


def exit_code(exc: StanceError) -> int:
    """The command line's exit status for a StanceError (see the module docstring)."""
    if isinstance(exc, (ResourceError, SourceMissingError)):
        return 1
    if isinstance(exc, (UsageError, InputError, DataFormatError, ModelFolderError)):
        return 2
    return 1
