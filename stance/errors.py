"""The exceptions stance raises on purpose, under one base class.

Every error the library raises for a problem it can name — bad input, an unusable model
folder, missing weights, a malformed data file, a missing data source — is a
:class:`StanceError`, and its message names the problem and the fix. Anything else that
escapes the library is a bug (please report it with its traceback).

Each class also derives from the built-in exception a caller would expect, so existing
``except ValueError`` / ``except FileNotFoundError`` code keeps working::

    StanceError
    ├── InputError (ValueError)              text, statements, options or a corpus file the library cannot use
    │   ├── DocumentTooLongError             a document longer than max_chars
    │   └── CorpusInputError                 a corpus file or its columns (scoring, reports)
    ├── ModelFolderError (ValueError)        a model folder is incomplete, inconsistent or unsafe
    ├── BaseWeightsError (RuntimeError)      encoder weights are missing or fail their checksum
    ├── DataFormatError (ValueError)         a data or annotation file breaks its documented format
    │   └── SourceMissingError (FileNotFoundError)  a local copy of a public source is missing or changed
    └── UsageError (ValueError)              an invalid combination of options (the CLI exits 2)

The command line turns a StanceError into one line on stderr and an exit code: 2 for
:class:`UsageError` and input that cannot be read (bad usage), 1 for the others (failed at
run time); anything else shows its traceback.
"""

from __future__ import annotations

__all__ = [
    "BaseWeightsError",
    "CorpusInputError",
    "DataFormatError",
    "DocumentTooLongError",
    "InputError",
    "ModelFolderError",
    "SourceMissingError",
    "StanceError",
    "UsageError",
]


class StanceError(Exception):
    """Base class of every error stance raises on purpose; the message says what to do."""


class InputError(StanceError, ValueError):
    """Input the library cannot use: text, statements, options, or a file's contents."""


class DocumentTooLongError(InputError):
    """A document is longer than the extractor's ``max_chars``."""


class CorpusInputError(InputError):
    """A corpus file (or a record, column or option of it) cannot be used."""


class ModelFolderError(StanceError, ValueError):
    """A model folder is incomplete, inconsistent or unsafe."""


class BaseWeightsError(StanceError, RuntimeError):
    """Encoder weights are missing, incomplete, unsafe, or fail their checksum."""


class DataFormatError(StanceError, ValueError):
    """A data or annotation file does not follow its documented format."""


class SourceMissingError(DataFormatError, FileNotFoundError):
    """The local copy of a public source is missing, or differs from the annotated one."""


class UsageError(StanceError, ValueError):
    """Options that cannot work together, or a value an option does not accept."""
