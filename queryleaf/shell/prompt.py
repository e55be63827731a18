"""The terminal side of the shell, on prompt-toolkit as pgcli is: multi-line input that runs
at `;`, history with Ctrl-R search, SQL highlighting with Pygments, completion while typing,
a bottom toolbar. `loop` reads inputs and hands each to `Shell.handle`."""

from __future__ import annotations

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.filters import Condition
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.styles import Style
from pygments.lexers.sql import PostgresLexer

from .app import Shell
from .complete import complete
from .inputs import is_complete

STYLE = Style.from_dict({"bottom-toolbar": "noreverse bg:#222222 #aaaaaa", "prompt": "bold"})


class ShellCompleter(Completer):
    """prompt-toolkit's view of `complete`: candidates replace the word before the cursor."""

    def __init__(self, schema) -> None:
        self.schema = schema

    def get_completions(self, document, complete_event):
        found = complete(self.schema, document.text_before_cursor, document.text)
        for candidate in found.candidates:
            yield Completion(candidate, start_position=-len(found.word))


def prompt_session(shell: Shell, schema, history=None, input=None, output=None) -> PromptSession:
    """The prompt: Enter runs a complete input and adds a line otherwise (Alt-Enter always runs)."""
    return PromptSession(
        multiline=Condition(lambda: not is_complete(get_app().current_buffer.text)),
        prompt_continuation=lambda width, line_number, soft_wrap: "-> ".rjust(width),
        lexer=PygmentsLexer(PostgresLexer),
        completer=ShellCompleter(schema),
        complete_while_typing=True,
        history=history,
        enable_history_search=False,  # Up walks the history; Ctrl-R searches it
        enable_open_in_editor=True,  # Ctrl-X Ctrl-E edits the buffer in $EDITOR
        bottom_toolbar=shell.toolbar,
        style=STYLE,
        input=input,
        output=output,
    )


def loop(shell: Shell, session: PromptSession) -> None:
    """Read and run inputs until \\q or Ctrl-D; Ctrl-C at the prompt clears the line."""
    while not shell.quit:
        default, shell.next_input = shell.next_input, ""
        try:
            text = session.prompt(lambda: [("class:prompt", f"{shell.session.database}> ")], default=default)
        except KeyboardInterrupt:
            continue
        except EOFError:
            break
        shell.handle(text)


def asker(session: PromptSession):
    """How the shell asks a question (row limit, destructive statements) on this terminal."""
    def ask(question: str) -> str:
        try:
            return PromptSession(input=session.input, output=session.output).prompt(question)
        except (KeyboardInterrupt, EOFError):
            return "n"
    return ask
