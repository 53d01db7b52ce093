"""The errors core raises on purpose. Their messages are written for the person using the app:
what was expected, what was received, and what to do. Pages show ``str(error)`` as it is."""

from __future__ import annotations


class ExplorerError(Exception):
    """Base class of every error a page may show to the user as it is."""


class InputError(ExplorerError, ValueError):
    """The input (typed text, an upload, a parameter) cannot be used as given."""


class OutOfVocabularyError(InputError):
    """Some words are not in a word model's vocabulary.

    Attributes
    ----------
    missing : list[str]
        Every missing word, in input order, without repeats.
    """

    def __init__(self, missing: list[str], model_name: str) -> None:
        self.missing = list(dict.fromkeys(missing))
        self.model_name = model_name
        shown = ", ".join(repr(w) for w in self.missing[:20])
        more = f" and {len(self.missing) - 20} more" if len(self.missing) > 20 else ""
        noun = "word is" if len(self.missing) == 1 else "words are"
        super().__init__(
            f"{len(self.missing)} {noun} not in the {model_name} vocabulary: {shown}{more}. "
            "Check the spelling, or use the sentence model, which can encode any text."
        )


class ModelLoadError(ExplorerError, RuntimeError):
    """A model could not be loaded (unknown name, offline, broken folder)."""
