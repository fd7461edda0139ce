"""What the user or the machine caused, apart from what is wrong with the program.

``UserError`` is the base of every refusal that is the input's or the environment's fault:
text that is not a figure, a damaged or foreign file, a file held by another program, a full
or read-only disk, a font that is not installed. Its message is one line of Chinese, meant to
be shown as it is (beside a field, in a dialog, on the command line's stderr with exit code 2).

Anything else that is raised is a bug: the desktop logs it with its traceback and shows the
error dialog; the command line lets it end with a traceback. So code that turns an exception
into a message catches ``UserError`` (or one of its subclasses), never ``ValueError`` or
``Exception``.
"""

from __future__ import annotations


class UserError(Exception):
    """A refusal the user can act on; ``str(error)`` is one line of Chinese."""
