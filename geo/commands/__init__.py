"""What each command of :mod:`geo.cli` does, one module per command or group of commands.

:func:`geo.cli.main` imports the module of the command that runs, and no other: each module
imports at its top what its commands use, and a command pays for nothing else.
"""
